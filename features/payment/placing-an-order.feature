Feature: Placing an order from a cart
  An order is what a customer agrees to pay for: the available lines of their cart at one mart, at the prices
  of that moment. The order's total is told to the payment company before the customer pays, with the order's
  number, so that the payment company itself refuses a payment of any other amount. If the payment company
  cannot be told, no order is saved: a customer never holds an order that cannot be paid. If it was told but
  its answer was lost, the platform's second try is refused as already registered; the platform then asks
  what amount it expects for the order, and when that is the order's total the order is placed.

  Background:
    Given the mart "Gangnam Fresh" sells:
      | product    | price | on sale |
      | Milk 1L    | 2,900 | yes     |
      | Eggs 10    | 4,500 | yes     |
      # irrelevant "9,900": Strawberry goes off sale before Jisoo checks out, so its price never reaches an order
      | Strawberry | 9,900 | yes     |
    And Jisoo is a customer
    And Jisoo has put 2 "Milk 1L" in the cart at "Gangnam Fresh"
    And Jisoo has put 1 "Eggs 10" in the cart at "Gangnam Fresh"

  Rule: An order keeps the prices of the moment it was placed

    Scenario: Checking out a cart creates an order awaiting payment, and the payment company expects its total
      When Jisoo checks out the cart at "Gangnam Fresh"
      Then Jisoo's order is awaiting payment
      And Jisoo's order holds:
        | product | quantity | unit price | line total |
        | Eggs 10 | 1        | 4,500      | 4,500      |
        | Milk 1L | 2        | 2,900      | 5,800      |
      And the total of Jisoo's order is 10,300 won
      And the payment company was told to expect 10,300 won for Jisoo's order
      And the payment company was asked:
        | request              | times |
        | for an access token  | 1     |
        | to expect a payment  | 1     |

    Scenario: The payment company registered the amount but its answer was lost
      Given the payment company registers the next amount to expect but its answer is lost
      When Jisoo checks out the cart at "Gangnam Fresh"
      Then Jisoo's order is awaiting payment
      And the total of Jisoo's order is 10,300 won
      And the payment company was asked:
        | request                   | times |
        | for an access token       | 1     |
        | to expect a payment       | 2     |
        | for the amount it expects | 1     |

    Scenario: A later price change does not change the order
      Given Jisoo has placed an order at "Gangnam Fresh"
      When the mart "Gangnam Fresh" changes the price of "Milk 1L" to 3,500 won
      Then the total of Jisoo's order is 10,300 won
      And the total of Jisoo's cart at "Gangnam Fresh" is 11,500 won

    Scenario: Lines that went off sale are not ordered
      Given Jisoo has put "Strawberry" in the cart at "Gangnam Fresh"
      And the mart "Gangnam Fresh" takes "Strawberry" off sale
      When Jisoo checks out the cart at "Gangnam Fresh"
      Then the total of Jisoo's order is 10,300 won

  Rule: Nothing is ordered that cannot be paid

    Scenario: An empty cart cannot be checked out
      When Jisoo empties the cart at "Gangnam Fresh"
      And Jisoo checks out the cart at "Gangnam Fresh"
      Then the request is refused with 422 CART_EMPTY
      And the refusal explains itself
      And no order was saved

    Scenario: When the payment company cannot be told the amount, no order is saved
      Given the payment company is down
      When Jisoo checks out the cart at "Gangnam Fresh"
      Then the request fails with 503 PAYMENT_GATEWAY_UNAVAILABLE
      And the refusal explains itself
      And the payment company was asked:
        | request             | times |
        | for an access token | 3     |
      And no order was saved
      And Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Eggs 10 | 1        |
        | Milk 1L | 2        |
