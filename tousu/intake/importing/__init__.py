"""Bulk import 批量导入: an .xlsx or .csv file, one case per row, through the one registration path.

`tousu import FILE [--dry-run]` (the management command `import_cases`) and the workbench's
import pages share it: `reading` turns a file into rows of text, `checking` a row into a
`NewCase` and its problems per column (the registration's own validation), `running` registers
each good row exactly once (`intake.receiving.once`), `batch` runs a whole file in this process
(the command), `jobs` runs an `ImportJob` uploaded in the workbench in the background task of
`tasks`, and `workbooks` writes the error report and the template. Its own small app (label
`importing`) inside intake, for its one table; the columns are listed in docs/import.md."""
