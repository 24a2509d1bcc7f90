"""`make bench`: build a database of 1,000 users and 200,000 applications, then measure the pages
and services that must stay fast at that size. See bench/README.md."""
