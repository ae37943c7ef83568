"""The e-mail channel: the centre's mailbox read over IMAP (`mailbox.poll`, run by the worker's
`mail-poll` job and by `tousu mail-poll`), each message parsed (`parsing`) and handled once
(`handling.receive`): a new case, material for the case whose thread it answers, or ignored
(auto-replies, bounces). The acknowledgement and every later message to the citizen go out
through `tousu.notify` over SMTP, threaded to the citizen's first message."""
