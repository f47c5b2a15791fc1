"""What happened to the content: article revisions (django-reversion) and the audit log.

- `revisions`: recording one revision per write of an article, and snapshots.
- `diffs`: what changed between two snapshots or revisions, snapshots and revision comments as shown.
- `audit`: `audit_record`, the one way rows are added to the audit log.
- `permission_audit` (+ `middleware`): changes to who may do what, from django.contrib.auth.
"""
