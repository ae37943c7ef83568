"""The WeChat official account 微信公众号: the platform's URL check and its message pushes.

`views` answers the platform (signature, freshness, replay); `messages` reads its XML safely and
writes the passive reply; `handling` turns a message into what it means — a case from a text, a
picture added to the sender's case, a welcome on subscribing, a status query answered. The
standard library does the work (hashlib, expat with every DTD refused): see docs/channels.md.
"""
