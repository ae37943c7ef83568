"""The citizen portal /portal/: submit a case without an account, get a receipt, track it."""
