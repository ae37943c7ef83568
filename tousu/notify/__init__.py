"""Notifications: what the event stream tells staff and complainants, and how it is delivered.

`fanout.fan_out` turns new `CaseEvent`s into `Outbox` rows (one per recipient and channel);
`delivery.deliver_due` sends them through the channel adapters in `channels/`. Both are run
periodically by the worker. No signals: the event log is the only input.
"""
