"""Celery jobs of the alerts: thin, they call the services."""
