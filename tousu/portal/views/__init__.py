"""The portal's pages: `submit` (start page, form, receipt, category finder, challenge) and
`track` (the track page and what a citizen may do to their own case)."""
