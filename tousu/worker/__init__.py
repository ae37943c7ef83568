"""The worker: periodic jobs leased in the database, run beside django.tasks' database worker.

Sits at the top beside `tousu/cli.py`: it may import any app (it names the jobs by dotted path,
resolved when the worker starts); nothing imports it but the command line."""
