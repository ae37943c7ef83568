"""The centre's reports from the statistics: the monthly report (PDF and xlsx) and the
half-yearly bulletin 情况通报 (a DOCX draft the leaders edit)."""
