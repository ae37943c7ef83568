"""The public intake channels: e-mail, WeChat, SMS, Open311, a higher platform, bulk import.

Each builds a `cases.registration.NewCase` and calls the one registration path as the `system`
actor; nothing here writes a case any other way. `receiving.once` makes each inbound message
count exactly once, whatever the channel retries or a killed poller leaves behind."""
