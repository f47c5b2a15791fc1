"""Validating a row before saving it: `full_clean()`'s verdicts at a lower cost in queries.

Every write validates before saving (the services, the audit log). Django's `full_clean()` asks
the database once per check constraint (inside a savepoint of its own: three statements each) and
once per foreign key and unique field, whether or not the write touched them; `validate` asks it
only what it cannot answer itself.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, F, Model, Q
from django.db.models.functions import Length
from django.db.models.lookups import Lookup


def validate(
    instance: Model, *, unchanged: Iterable[str] = (), exclude: Iterable[str] = (), trusted: Iterable[str] = ()
) -> None:
    """`full_clean()` at a lower cost in queries, with the same verdicts and messages.

    Check constraints made of plain comparisons (`=`, `<`, `>=`, `in`, `isnull`, combined with
    and/or/not) are evaluated here, as the database would (a comparison with NULL passes); the
    others, and uniqueness, still ask the database. `unchanged` names fields whose stored value the
    caller knows is unchanged: their uniqueness is not asked again. `trusted` names foreign keys
    whose row the caller has just read (locked or checked in bulk): their existence is not asked
    again. `exclude` is full_clean's.
    """
    exclude = set(exclude)
    errors: dict = {}
    try:
        instance.clean_fields(exclude=exclude | set(trusted))
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        instance.clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    skipped = exclude | set(errors) | set(unchanged)
    try:
        instance.validate_unique(exclude=skipped)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for constraint in instance._meta.constraints:
        if isinstance(constraint, CheckConstraint):
            if _field_names(constraint.condition) & (exclude | set(errors)):
                continue  # as full_clean: a field already in error is not checked again
            verdict = _holds(constraint.condition, instance)
            if verdict is False:
                error = ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)
                errors = error.update_error_dict(errors)
                continue
            if verdict is not _UNKNOWN:
                continue
        elif set(getattr(constraint, "fields", ())) <= set(unchanged):
            continue
        try:
            constraint.validate(type(instance), instance, exclude=exclude | set(errors))
        except ValidationError as error:
            fields = getattr(constraint, "fields", ())
            if getattr(error, "code", None) == "unique" and len(fields) == 1:
                errors.setdefault(fields[0], []).append(error)
            else:
                errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


#: `_holds` could not evaluate the condition (the database is asked instead).
_UNKNOWN = object()

_COMPARISONS = {
    "exact": lambda a, b: a == b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "in": lambda a, b: a in b,
}


def _holds(condition, instance):
    """True, False or None (SQL's unknown) for a Q of plain comparisons on `instance` (or a
    comparison of a text field's `Length` with a number); _UNKNOWN else."""
    if isinstance(condition, Lookup):
        return _compare_length(condition, instance)
    if not isinstance(condition, Q):
        return _UNKNOWN
    verdicts = []
    for child in condition.children:
        verdict = _holds(child, instance) if isinstance(child, Q) else _compare(child, instance)
        if verdict is _UNKNOWN:
            return _UNKNOWN
        verdicts.append(verdict)
    if condition.connector == Q.AND:
        result = False if False in verdicts else (None if None in verdicts else True)
    else:
        result = True if True in verdicts else (None if None in verdicts else False)
    if condition.negated:
        result = None if result is None else not result
    return result


def _compare_length(lookup: Lookup, instance):
    """`Length(field) <op> number`, as the database counts characters (char_length)."""
    lhs, rhs = lookup.lhs, lookup.rhs
    if not (isinstance(lhs, Length) and isinstance(rhs, int) and lookup.lookup_name in _COMPARISONS):
        return _UNKNOWN
    (argument,) = lhs.get_source_expressions()
    name = argument.name if isinstance(argument, F) else None
    if name is None:
        return _UNKNOWN
    current = getattr(instance, instance._meta.get_field(name).attname)
    return None if current is None else _COMPARISONS[lookup.lookup_name](len(current), rhs)


def _field_names(condition) -> set[str]:
    if isinstance(condition, Lookup) and isinstance(condition.lhs, Length):
        return {argument.name for argument in condition.lhs.get_source_expressions() if isinstance(argument, F)}
    if not isinstance(condition, Q):
        return set()
    names = set()
    for child in condition.children:
        names |= _field_names(child) if isinstance(child, Q) else {child[0].split("__")[0]}
    return names


def _compare(child, instance):
    lookup, value = child
    name, _sep, operator = lookup.partition("__")
    operator = operator or "exact"
    if hasattr(value, "resolve_expression") or "__" in operator:
        return _UNKNOWN
    try:
        field = instance._meta.get_field(name)
    except Exception:
        return _UNKNOWN
    if field.is_relation or not hasattr(field, "attname"):
        return _UNKNOWN
    current = getattr(instance, field.attname)
    if operator == "isnull":
        return (current is None) == bool(value)
    if operator not in _COMPARISONS:
        return _UNKNOWN
    if current is None:
        return None
    try:
        return _COMPARISONS[operator](current, value)
    except TypeError:
        return _UNKNOWN
