Feature: Quantities and cart size
  A cart line is one product with a quantity. Limits keep a mistaken tap (or a misbehaving app) from ordering
  a truckload: a line holds a whole number from 1 to 99, and a cart holds at most 50 different products.
  Both limits are settings. A change that would break a limit is refused with a clear reason, and the cart
  stays exactly as it was.

  # irrelevant "2,900", "4,500": the limits count products and quantities, never what they cost
  Background:
    Given the mart "Gangnam Fresh" sells:
      | product | price |
      | Milk 1L | 2,900 |
      | Eggs 10 | 4,500 |
    And Jisoo is a customer

  Rule: Adding a product that is already in the cart increases its quantity

    Scenario: The same product added twice becomes one line
      Given Jisoo has put 2 "Milk 1L" in the cart at "Gangnam Fresh"
      When Jisoo adds 3 "Milk 1L" to the cart at "Gangnam Fresh"
      Then Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Milk 1L | 5        |

    Scenario: A customer can change a line's quantity directly
      Given Jisoo has put "Milk 1L" in the cart at "Gangnam Fresh"
      When Jisoo changes the quantity of "Milk 1L" at "Gangnam Fresh" to 7
      Then Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Milk 1L | 7        |

  Rule: A line holds a whole number from 1 to 99

    Scenario: Going past 99 of one product is refused
      Given Jisoo has put 99 "Milk 1L" in the cart at "Gangnam Fresh"
      When Jisoo adds one more "Milk 1L" to the cart at "Gangnam Fresh"
      Then the request is refused with 422 QUANTITY_LIMIT
      And the cart is unchanged

    Scenario: Exactly 99 of one product is allowed
      Given Jisoo has put 98 "Milk 1L" in the cart at "Gangnam Fresh"
      When Jisoo adds 1 "Milk 1L" to the cart at "Gangnam Fresh"
      Then the change is accepted
      And Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Milk 1L | 99       |

    Scenario: Setting a quantity above the limit is refused
      Given Jisoo has put "Milk 1L" in the cart at "Gangnam Fresh"
      # irrelevant "100": every quantity above 99 is refused the same way; 100 is the first of them
      When Jisoo changes the quantity of "Milk 1L" at "Gangnam Fresh" to 100
      Then the request is refused with 422 QUANTITY_LIMIT
      And the cart is unchanged

    Scenario: The per-line limit is a setting
      Given the platform allows at most 5 of one product per cart line
      And Jisoo has put 5 "Eggs 10" in the cart at "Gangnam Fresh"
      When Jisoo adds one more "Eggs 10" to the cart at "Gangnam Fresh"
      Then the request is refused with 422 QUANTITY_LIMIT
      And the cart is unchanged

  Rule: A cart holds at most 50 different products

    Scenario: The 51st product is refused and the 50 stay
      # at least "51": the 51st product must be on the shelf to be refused; more products there change nothing
      Given the mart "Gangnam Fresh" also sells 51 more products
      And Jisoo has put one each of 50 of them in the cart at "Gangnam Fresh"
      # irrelevant "1": the 51st product is refused whatever its quantity
      When Jisoo adds 1 of the 51st product to the cart at "Gangnam Fresh"
      Then the request is refused with 422 LINE_LIMIT
      And the cart is unchanged
      And Jisoo's cart at "Gangnam Fresh" has 50 lines

    Scenario: More of a product already in a full cart is still fine
      # at least "50": the 50 products of the full cart must be on the shelf; more products there change nothing
      Given the mart "Gangnam Fresh" also sells 50 more products
      And Jisoo has put one each of 50 of them in the cart at "Gangnam Fresh"
      When Jisoo adds 1 of the 1st product to the cart at "Gangnam Fresh"
      Then Jisoo's cart at "Gangnam Fresh" has 50 lines
      And the 1st product's line holds 2

    Scenario: The cart size limit is a setting
      Given the platform allows at most 1 different product per cart
      And Jisoo has put "Milk 1L" in the cart at "Gangnam Fresh"
      When Jisoo adds "Eggs 10" to the cart at "Gangnam Fresh"
      Then the request is refused with 422 LINE_LIMIT
      And the cart is unchanged
