"""Supervision 督办: the pass that warns, reminds and escalates cases by their deadlines.

`passes.supervise(now)` is run by `tousu supervise`, `tousu manage supervise` and the worker.
It reads the deadline columns of `cases` and acts only through the workflow verbs, as the
`system` actor; `SupervisionStep` rows make every automatic step happen once."""
