"""One reading of Upwork's formats, shared by every parser (the job page, the Connects History).

Pure functions only: no Django, no ORM, no I/O, nothing that knows a rule or an entry kind.
Modelled on healthchecks' ``hc/lib``: one small module per format.

- :mod:`vetting.upwork.html`: HTML to the text a browser shows (one engine: lexbor, through
  selectolax), with each block's link and table column, the page's job link and its embedded
  JSON state.
- :mod:`vetting.upwork.links`: job links and their ``~01...`` ids, and the posting time an id
  encodes.
- :mod:`vetting.upwork.dates`: month names, "4 minutes ago", "Sep 8, 2021", "Today".
- :mod:`vetting.upwork.money`: "$1.9K", "$15.00 - $35.00", "1,234".

It lives inside ``vetting`` because of the floors (config < accounts < vetting < ledger): the
ledger's importers may import it, and nothing here imports from either app.
"""
