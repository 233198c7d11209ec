Feature: What can go into a cart, and at what price
  A cart is a wish list for one mart's shelves, not a price quote. Only what the mart sells and has on sale can
  be added, and a cart always shows the catalog's price of today. When a product goes off sale after it was
  added, the customer still sees the line — marked unavailable and left out of the total — rather than
  finding it silently gone.

  Background:
    Given the mart "Gangnam Fresh" sells:
      | product    | price | on sale |
      | Milk 1L    | 2,900 | yes     |
      # irrelevant "4,500": Eggs 10 is only ever shown once off sale, and an unavailable line is left out of the total whatever it costs
      | Eggs 10    | 4,500 | yes     |
      # irrelevant "9,900": Strawberry is off sale, so no cart ever shows its price
      | Strawberry | 9,900 | no      |
    And the mart "Mapo Market" sells:
      | product | price |
      # irrelevant "1,800": Tofu is another mart's product, refused in this cart whatever it costs
      | Tofu    | 1,800 |
    And Jisoo is a customer

  Rule: Only products the mart sells and has on sale can be added

    Scenario: A product that is not on sale cannot be added
      When Jisoo adds "Strawberry" to the cart at "Gangnam Fresh"
      Then the request is refused with 422 PRODUCT_NOT_ON_SALE
      And the cart is unchanged

    Scenario: A product of another mart cannot be added
      Given Jisoo has put "Milk 1L" in the cart at "Gangnam Fresh"
      When Jisoo sends a cart request with a product of another mart to "Gangnam Fresh"
      Then the request is refused with 404 PRODUCT_NOT_FOUND
      And the cart is unchanged

  Rule: A cart shows the catalog's current prices

    Scenario: A price change shows in carts at once
      Given Jisoo has put 2 "Milk 1L" in the cart at "Gangnam Fresh"
      When the mart "Gangnam Fresh" changes the price of "Milk 1L" to 3,100 won
      Then Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity | price | line total |
        | Milk 1L | 2        | 3,100 | 6,200      |
      And the total of Jisoo's cart at "Gangnam Fresh" is 6,200 won

  Rule: A line whose product went off sale stays visible as unavailable

    Scenario: A product taken off sale is shown as unavailable and left out of the total
      Given Jisoo has put 2 "Milk 1L" in the cart at "Gangnam Fresh"
      And Jisoo has put 1 "Eggs 10" in the cart at "Gangnam Fresh"
      When the mart "Gangnam Fresh" takes "Eggs 10" off sale
      Then Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity | available |
        | Eggs 10 | 1        | no        |
        | Milk 1L | 2        | yes       |
      And the total of Jisoo's cart at "Gangnam Fresh" is 5,800 won

    Scenario: More of an unavailable product cannot be added, but the line can be removed
      Given Jisoo has put "Eggs 10" in the cart at "Gangnam Fresh"
      And the mart "Gangnam Fresh" takes "Eggs 10" off sale
      When Jisoo adds one more "Eggs 10" to the cart at "Gangnam Fresh"
      Then the request is refused with 422 PRODUCT_NOT_ON_SALE
      And the cart is unchanged
      When Jisoo removes "Eggs 10" from the cart at "Gangnam Fresh"
      Then Jisoo has no carts
