@incident-slow-excel-import
Feature: Previewing a product sheet
  Mart managers keep their product list in an Excel sheet and upload it to update the mart in one go. Before
  anything changes, the platform reads the whole sheet and shows what it would do: which rows are new
  products, which change an existing product, which change nothing, and which cannot be used — with the row,
  the column and the reason for each problem. A preview writes nothing.

  Rows are matched to the mart's products by SKU (상품코드). Headers may be written in Korean or in English.

  Background:
    Given the mart "Gangnam Fresh" sells:
      | sku      | product  | price | stock | category |
      | MILK-1L  | Milk 1L  | 2,900 | 40    | Dairy    |
      | EGGS-10  | Eggs 10  | 4,500 | 25    | Dairy    |
      | TOFU-300 | Tofu     | 1,800 | 12    | Pantry   |
    And Hana manages the mart "Gangnam Fresh"

  Rule: Every row is classified against the mart's current products

    Scenario: New, changed, unchanged and invalid rows are told apart, and nothing is written
      Given Hana has filled in a product sheet:
        | 상품코드   | 상품명         | 가격  | 재고 | 카테고리 | 판매여부 |
        | MILK-1L   | Milk 1L        | 2,900 | 40  | Dairy   | 예      |
        | EGGS-10   | Eggs 10        | 4,900 | 25  | Dairy   | 예      |
        | APPLE-3   | Apples (3)     | 6,500 | 30  | Fruit   | 예      |
        # irrelevant "PEAR-2", "Pears (2)", "10", "Fruit": the row is invalid for its price alone; its other cells are ordinary valid values
        | PEAR-2    | Pears (2)      | 0     | 10  | Fruit   | 예      |
      When Hana previews the sheet for "Gangnam Fresh"
      Then the preview counts 1 new, 1 changed, 1 unchanged and 1 invalid rows
      And the preview shows these new products:
        | sku     | product    | price | stock | category | on sale |
        | APPLE-3 | Apples (3) | 6,500 | 30    | Fruit    | yes     |
      And the preview shows these changed products:
        | sku     | product | price | stock | category | on sale |
        | EGGS-10 | Eggs 10 | 4,900 | 25    | Dairy    | yes     |
      And the preview reports these problems:
        | row | column       | problem                                |
        | 5   | 가격 (Price) | must be a positive whole number of won |
      And "Gangnam Fresh" has these products:
        | sku      | product | price | stock | category | on sale |
        | EGGS-10  | Eggs 10 | 4,500 | 25    | Dairy    | yes     |
        | MILK-1L  | Milk 1L | 2,900 | 40    | Dairy    | yes     |
        | TOFU-300 | Tofu    | 1,800 | 12    | Pantry   | yes     |

    Scenario: English headers work the same as Korean ones
      Given Hana has filled in a product sheet:
        | SKU      | Name    | Price | Stock | Category | On sale |
        | TOFU-300 | Tofu    | 1,800 | 12    | Pantry   | yes     |
      When Hana previews the sheet for "Gangnam Fresh"
      Then the preview counts 0 new, 0 changed, 1 unchanged and 0 invalid rows

    Scenario: A SKU that appears twice is a problem on its second row
      Given Hana has filled in a product sheet:
        | SKU     | Name    | Price | Stock | Category | On sale |
        | KIWI-5  | Kiwi 5  | 3,000 | 10    | Fruit    | yes     |
        # irrelevant "Kiwi 6", "3,500", "10", "Fruit", "yes": the second row is refused for its SKU alone, whatever else it says
        | KIWI-5  | Kiwi 6  | 3,500 | 10    | Fruit    | yes     |
      When Hana previews the sheet for "Gangnam Fresh"
      Then the preview counts 1 new, 0 changed, 0 unchanged and 1 invalid rows
      And the preview shows these new products:
        | sku    | product | price | stock | category | on sale |
        | KIWI-5 | Kiwi 5  | 3,000 | 10    | Fruit    | yes     |
      And the preview reports these problems:
        | row | column         | problem              |
        | 3   | 상품코드 (SKU) | is already on row 2  |

  Rule: Every bad cell is reported with its row, its column and the reason

    Scenario Outline: A row with <problem> is invalid
      Given Hana has filled in a product sheet:
        | SKU     | Name   | Price   | Stock   | Category | On sale   |
        # irrelevant "PLUM-1", "Fruit": each example's row is invalid for the one cell it names; its SKU and category are ordinary valid values
        | PLUM-1  | <name> | <price> | <stock> | Fruit    | <on sale> |
      When Hana previews the sheet for "Gangnam Fresh"
      Then the preview counts 0 new, 0 changed, 0 unchanged and 1 invalid rows
      And the preview reports these problems:
        | row | column   | problem   |
        | 2   | <column> | <message> |

      Examples:
        | problem                | name  | price  | stock | on sale | column          | message                                   |
        | no name                |       | 1,000  | 5     | yes     | 상품명 (Name)    | is required                               |
        | a price of 1,000.5     | Plum  | 1000.5 | 5     | yes     | 가격 (Price)     | must be a positive whole number of won    |
        | a price written "free" | Plum  | free   | 5     | yes     | 가격 (Price)     | must be a positive whole number of won    |
        | a negative stock       | Plum  | 1,000  | -1    | yes     | 재고 (Stock)     | must be a whole number of 0 or more       |
        | on sale "maybe"        | Plum  | 1,000  | 5     | maybe   | 판매여부 (On sale) | must be yes or no                       |
