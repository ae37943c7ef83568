"""Open311 GeoReport v2 at /open311/v2/: the services a centre publishes, requests posted by
Open311 clients (registered as cases of the channel `open311`) and the public list of them.

Its own small app (label `open311`) inside intake: the published services and the API keys
are its tables. It imports cases, categories, orgs and lib — never api, workbench or notify."""
