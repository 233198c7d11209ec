@incident-slow-excel-import
Feature: Committing a product sheet
  Once the manager has seen the preview, they commit it: every changed product is updated and every new one
  added, together, in one transaction — all of it or none of it. The incident behind this: saving row by row,
  one statement at a time, made a large sheet take minutes and time out half done. A commit now writes the
  whole sheet with a handful of set-based statements, whatever its size. The sheet is read, checked and
  compared with the mart's products before the transaction begins, so the database is held for the writes
  alone: a commit that read its sheet inside the transaction once made every other request wait 24 seconds
  on the embedded database, which has a single connection.

  A commit carries the preview's token. The platform refuses it when the sheet is not the one previewed, when
  the mart's products changed since the preview, when the preview has expired (after 30 minutes), or when
  the sheet has invalid rows the manager did not choose to skip.

  Background:
    Given the mart "Gangnam Fresh" sells:
      | sku     | product | price | stock | category |
      | MILK-1L | Milk 1L | 2,900 | 40    | Dairy    |
      | EGGS-10 | Eggs 10 | 4,500 | 25    | Dairy    |
    And Hana manages the mart "Gangnam Fresh"

  Rule: A commit writes every change of the preview, all or nothing

    Scenario: Changed products are updated and new ones added
      Given Hana has filled in a product sheet:
        | SKU     | Name       | Price | Stock | Category | On sale |
        | MILK-1L | Milk 1L    | 2,900 | 40    | Dairy    | yes     |
        | EGGS-10 | Eggs 10    | 4,900 | 20    | Dairy    | no      |
        | APPLE-3 | Apples (3) | 6,500 | 30    | Fruit    | yes     |
      And Hana has previewed the sheet for "Gangnam Fresh"
      When Hana commits the preview
      Then the commit reports 1 added, 1 updated and 1 unchanged
      And "Gangnam Fresh" has these products:
        | sku     | product    | price | stock | category | on sale |
        | APPLE-3 | Apples (3) | 6,500 | 30    | Fruit    | yes     |
        | EGGS-10 | Eggs 10    | 4,900 | 20    | Dairy    | no      |
        | MILK-1L | Milk 1L    | 2,900 | 40    | Dairy    | yes     |

    Scenario: A large sheet is written with a handful of statements, not one per row
      Given the mart "Gangnam Fresh" also sells 500 generated products
      And Hana has a sheet changing the price of those 500 products and adding 500 more
      And Hana has previewed the sheet for "Gangnam Fresh"
      When Hana commits the preview
      Then the commit reports 500 added, 500 updated and 0 unchanged
      And the commit ran at most 6 database statements
      And "Gangnam Fresh" has 1,002 products

    Scenario: A database failure while writing leaves every product as it was
      Given Hana has a sheet changing the price of "Milk 1L" and adding a new product
      And Hana has previewed the sheet for "Gangnam Fresh"
      And the database will fail while adding new products
      When Hana commits the preview
      Then the request fails with 500 INTERNAL
      And the products of "Gangnam Fresh" are unchanged

  Rule: Invalid rows are never committed silently

    Scenario: A sheet with invalid rows is refused unless the manager skips them
      # irrelevant "APPLE-3", "Apples (3)", "6,500", "30", "Fruit", "yes", "PEAR-2", "Pears (2)", "10": the sheet is refused whole for its one invalid row (a price of 0), whatever its other cells say
      Given Hana has filled in a product sheet:
        | SKU     | Name       | Price | Stock | Category | On sale |
        | APPLE-3 | Apples (3) | 6,500 | 30    | Fruit    | yes     |
        | PEAR-2  | Pears (2)  | 0     | 10    | Fruit    | yes     |
      And Hana has previewed the sheet for "Gangnam Fresh"
      When Hana commits the preview
      Then the request is refused with 422 IMPORT_HAS_INVALID_ROWS
      And "Gangnam Fresh" has these products:
        | sku     | product | price | stock | category | on sale |
        | EGGS-10 | Eggs 10 | 4,500 | 25    | Dairy    | yes     |
        | MILK-1L | Milk 1L | 2,900 | 40    | Dairy    | yes     |

    Scenario: Skipping invalid rows commits the valid ones
      Given Hana has filled in a product sheet:
        | SKU     | Name       | Price | Stock | Category | On sale |
        | APPLE-3 | Apples (3) | 6,500 | 30    | Fruit    | yes     |
        # irrelevant "PEAR-2", "Pears (2)", "10", "Fruit", "yes": the row is skipped for its price alone; its other cells are ordinary valid values
        | PEAR-2  | Pears (2)  | 0     | 10    | Fruit    | yes     |
      And Hana has previewed the sheet for "Gangnam Fresh"
      When Hana commits the preview, skipping invalid rows
      Then the commit reports 1 added, 0 updated and 0 unchanged
      And "Gangnam Fresh" has these products:
        | sku     | product    | price | stock | category | on sale |
        | APPLE-3 | Apples (3) | 6,500 | 30    | Fruit    | yes     |
        | EGGS-10 | Eggs 10    | 4,500 | 25    | Dairy    | yes     |
        | MILK-1L | Milk 1L    | 2,900 | 40    | Dairy    | yes     |

  Rule: A commit writes exactly what was previewed

    Scenario: Products changed since the preview make the commit stale
      Given Hana has a sheet changing the price of "Milk 1L" and adding a new product
      And Hana has previewed the sheet for "Gangnam Fresh"
      # irrelevant "Eggs 10", "4,700": any change to the mart's products since the preview makes it stale, whichever product and price
      And the mart "Gangnam Fresh" changes the price of "Eggs 10" to 4,700 won
      When Hana commits the preview
      Then the request is refused with 409 IMPORT_PREVIEW_STALE
      And the products of "Gangnam Fresh" are unchanged

    Scenario: Another sheet than the one previewed is refused
      Given Hana has a sheet changing the price of "Milk 1L" and adding a new product
      And Hana has previewed the sheet for "Gangnam Fresh"
      When Hana commits the preview with a different sheet
      Then the request is refused with 409 IMPORT_FILE_CHANGED
      And the products of "Gangnam Fresh" are unchanged

    Scenario: A preview expires after 30 minutes
      Given Hana has a sheet changing the price of "Milk 1L" and adding a new product
      And Hana has previewed the sheet for "Gangnam Fresh"
      # at least "31 minutes": a preview older than 30 minutes is refused, however much older
      And 31 minutes pass
      When Hana commits the preview
      Then the request is refused with 409 IMPORT_PREVIEW_EXPIRED
      And the products of "Gangnam Fresh" are unchanged
