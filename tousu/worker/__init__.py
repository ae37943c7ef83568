"""The worker: periodic jobs leased in the database, run beside the task queue's worker
(django.tasks in the database, or on Redis).

Sits at the top beside `tousu/cli.py`: it may import any app (it names the jobs by dotted path,
resolved when the worker starts); nothing imports it but the command line."""
