Feature: Hostile and broken product sheets
  An upload is untrusted input. A file that is not a workbook, a zip bomb, a sheet far too long, an
  enormous cell, a sheet without its header row or without products is refused with a clear reason — the
  platform reads the file as a stream with firm limits, keeps its memory bounded, and writes nothing.
  The zip's own directory says how big each part unpacks to; a part that unpacks to more than it declared
  is stopped at that point and refused like any zip bomb.
  Formulas are never evaluated: the value the spreadsheet app saved in the cell is the value used.

  Every limit holds while the file is read, never after: an attacker's 151 KB sheet once unpacked to a
  single text of 150 MB, which was read whole before the cell limit applied — 32 such uploads at once
  exhausted the server's memory. A text past the cell limit is now refused before it is read whole (no piece
  of the file is held past eight times that limit), and the workbook's table of texts is bounded by what a sheet at the row limit could use. Another sheet of 0.4 MB
  held 190 MB of blank rows, which did not count toward the row limit: blank rows count now, and a commit
  reads its sheet before it starts writing, so other requests never wait for a sheet to be read.

  The limits are settings; these scenarios use small ones to stay fast (the defaults are 20 MB uploads,
  200 MB unpacked, 100,000 rows, 10,000 characters per cell).

  Background:
    Given the mart "Gangnam Fresh" sells:
      | sku     | product | price | stock | category |
      | MILK-1L | Milk 1L | 2,900 | 40    | Dairy    |
    And Hana manages the mart "Gangnam Fresh"
    And product sheets are limited to 1 MB uploaded, 4 MB unpacked and 100 rows

  Rule: A hostile or broken file is refused with a clear reason and changes nothing

    Scenario Outline: Uploading <file> is refused
      When Hana uploads <file> to preview it for "Gangnam Fresh"
      Then the request is refused with <status> <code>
      And the refusal says "<reason>"
      And the products of "Gangnam Fresh" are unchanged

      Examples:
        | file                                                | status | code                    | reason                                            |
        | a PDF renamed to .xlsx                              | 415    | IMPORT_NOT_XLSX         | not an Excel workbook                             |
        | a zip bomb                                          | 413    | IMPORT_TOO_BIG_UNPACKED | unpacks to more than 4 MB                         |
        | a sheet that unpacks to more than its zip says      | 413    | IMPORT_TOO_BIG_UNPACKED | unpacks to more than 4 MB                         |
        | more product rows than allowed                      | 413    | IMPORT_TOO_MANY_ROWS    | a header and 100 rows below it                    |
        | a cell of 20,000 characters                         | 413    | IMPORT_CELL_TOO_LARGE   | has a text longer than 10,000 characters          |
        | no header row                                       | 422    | IMPORT_MISSING_HEADER   | The first row must be the header                  |
        | a header without a price column                     | 422    | IMPORT_MISSING_COLUMNS  | no column for: 가격 (Price)                       |
        | an empty sheet                                      | 422    | IMPORT_EMPTY            | The sheet is empty                                |
        | a header and no products                            | 422    | IMPORT_EMPTY            | a header row but no product rows                  |
        | a file of 1.1 MB                                    | 413    | FILE_TOO_LARGE          | larger than this endpoint accepts                 |
        | a product named with a text of 3 million characters | 413    | IMPORT_CELL_TOO_LARGE   | has a text longer than 10,000 characters          |
        | one product followed by 1,000 blank rows            | 413    | IMPORT_TOO_MANY_ROWS    | a header and 100 rows below it                    |
        | a workbook holding 2,000 texts                      | 413    | IMPORT_TOO_MUCH_TEXT    | at most 1,600 texts                               |

  Rule: A price or stock the platform cannot record is a problem on its row

    Prices and stock are recorded as whole numbers up to 2,147,483,647; a larger one used to pass the preview
    and then fail the commit with a server error.

    Scenario: A price or stock too large to record is invalid, and the other rows still commit
      Given Hana has filled in a product sheet:
        | SKU     | Name       | Price         | Stock         | Category | On sale |
        | APPLE-3 | Apples (3) | 6,500         | 30            | Fruit    | yes     |
        # irrelevant "GOLD-1", "Gold bar", "1", "Luxury", "yes": the row is invalid for its price alone; its other cells are ordinary valid values
        | GOLD-1  | Gold bar   | 2,147,483,648 | 1             | Luxury   | yes     |
        # irrelevant "RICE-20", "Rice 20kg", "59,000", "Grain", "yes": the row is invalid for its stock alone; its other cells are ordinary valid values
        | RICE-20 | Rice 20kg  | 59,000        | 3,000,000,000 | Grain    | yes     |
      When Hana previews the sheet for "Gangnam Fresh"
      Then the preview counts 1 new, 0 changed, 0 unchanged and 2 invalid rows
      And the preview reports these problems:
        | row | column       | problem                           |
        | 3   | 가격 (Price) | must be at most 2,147,483,647 won, not "2,147,483,648" |
        | 4   | 재고 (Stock) | must be at most 2,147,483,647, not "3,000,000,000"     |
      When Hana commits the preview, skipping invalid rows
      Then the commit reports 1 added, 0 updated and 0 unchanged
      And "Gangnam Fresh" has these products:
        | sku     | product    | price | stock | category | on sale |
        | APPLE-3 | Apples (3) | 6,500 | 30    | Fruit    | yes     |
        | MILK-1L | Milk 1L    | 2,900 | 40    | Dairy    | yes     |

  Rule: Formulas are never evaluated

    Scenario: A formula cell counts with the value the spreadsheet app saved
      Given Hana has a sheet whose price for "MILK-1L" is the formula "1+1" saved as 3,100
      When Hana previews the sheet for "Gangnam Fresh"
      Then the preview counts 0 new, 1 changed, 0 unchanged and 0 invalid rows
      And the preview shows the price of "MILK-1L" as 3,100 won

    Scenario: A formula without a saved value is a problem on its row
      Given Hana has a sheet whose price is a formula with no saved value
      When Hana previews the sheet for "Gangnam Fresh"
      Then the preview counts 0 new, 0 changed, 0 unchanged and 1 invalid rows
      And the preview reports these problems:
        | row | column       | problem                         |
        | 2   | 가격 (Price) | is a formula with no saved value |
        | 2   | 가격 (Price) | is required                      |

  Rule: Only managers of the mart may use its product sheet

    Scenario: A manager of another mart is refused
      Given Jun manages the mart "Mapo Market"
      And Hana has exported the products of "Gangnam Fresh"
      When Jun previews the sheet for "Gangnam Fresh"
      Then the request is refused with 403 NOT_MART_MANAGER
      And the products of "Gangnam Fresh" are unchanged

    Scenario: A customer is refused
      Given Jisoo is a customer
      And Hana has exported the products of "Gangnam Fresh"
      When Jisoo previews the sheet for "Gangnam Fresh"
      Then the request is refused with 403 NOT_MART_MANAGER
