"""What every HTTP answer of the project shares, whichever app serves it: the error pages (and
their JSON form under /api/), the request size limit, sliding sessions and `no-store`. Not an
app: no models, no URLs of its own; settings and the root URLconf name these pieces."""
