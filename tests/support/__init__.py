"""Helpers the tests share: factories, users with permissions, API clients, content written
through the services. Import from the submodules (tests.support.factories, …)."""
