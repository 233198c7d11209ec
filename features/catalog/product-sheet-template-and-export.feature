Feature: The product sheet template and export
  A manager starts from the template or from an export of the mart's current products. Both use the same
  six columns, headed in Korean with English: 상품코드 (SKU), 상품명 (Name), 가격 (Price), 재고 (Stock),
  카테고리 (Category), 판매여부 (On sale). An export uploaded again, untouched, changes nothing.

  A cell that starts with =, +, - or @ is written as text, never as a formula, so opening an export can never
  run something a product name smuggled in.

  Background:
    Given the mart "Gangnam Fresh" sells:
      | sku     | product | price | stock | category |
      | MILK-1L | Milk 1L | 2,900 | 40    | Dairy    |
      | EGGS-10 | Eggs 10 | 4,500 | 25    | Dairy    |
    And Hana manages the mart "Gangnam Fresh"

  Rule: The template names every column in Korean and English

    Scenario: The template has the six columns
      When Hana downloads the product sheet template for "Gangnam Fresh"
      Then the sheet's headers are:
        | 상품코드 (SKU) | 상품명 (Name) | 가격 (Price) | 재고 (Stock) | 카테고리 (Category) | 판매여부 (On sale) |

    Scenario: A filled-in template previews as new products
      Given Hana has filled in the template with "APPLE-3", "Apples (3)", 6,500 won, 30 in stock
      When Hana previews the sheet for "Gangnam Fresh"
      Then the preview counts 1 new, 0 changed, 0 unchanged and 0 invalid rows
      And the preview shows these new products:
        | sku     | product    | price | stock |
        | APPLE-3 | Apples (3) | 6,500 | 30    |

  Rule: An export round-trips through import as all unchanged

    Scenario: An untouched export changes nothing
      Given Hana has exported the products of "Gangnam Fresh"
      Then the exported sheet lists these products:
        | sku     | product | price | stock | category | on sale |
        | EGGS-10 | Eggs 10 | 4,500 | 25    | Dairy    | yes     |
        | MILK-1L | Milk 1L | 2,900 | 40    | Dairy    | yes     |
      When Hana previews the sheet for "Gangnam Fresh"
      Then the preview counts 0 new, 0 changed, 2 unchanged and 0 invalid rows

    Scenario Outline: A product named "<name>" is exported as text, not as a formula
      Given the mart "Gangnam Fresh" sells:
        | sku     | product | price |
        | ODD-1   | <name>  | 1,000 |
      And Hana has exported the products of "Gangnam Fresh"
      Then the exported sheet holds no formula
      And the exported sheet lists these products:
        | sku     | product | price |
        | EGGS-10 | Eggs 10 | 4,500 |
        | MILK-1L | Milk 1L | 2,900 |
        | ODD-1   | <name>  | 1,000 |
      When Hana previews the sheet for "Gangnam Fresh"
      Then the preview counts 0 new, 0 changed, 3 unchanged and 0 invalid rows

      Examples:
        | name                                  |
        | =HYPERLINK("http://x.invalid","open") |
        | +1+1                                  |
        | -2+3                                  |
        | @SUM(A1:A2)                           |
