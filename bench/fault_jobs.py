"""A job for bench/faults.py, in a module of its own that the service's worker can import."""

from django_tasks import task


@task()
def ping(label: str) -> str:
    return label
