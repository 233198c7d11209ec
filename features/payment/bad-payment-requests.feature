Feature: Payment requests the platform refuses, changing nothing
  A payment request that cannot be right — an order that does not exist, someone else's order, a payment made
  for another order, a second payment for a paid order, an amount of zero or less — is refused with a stable
  code and a message a person can read. Nothing changes: no order moves, and no money is cancelled.

  # irrelevant "2,900", "2", "1": every refusal here turns on whose order and which payment it is, never on what the orders hold or cost
  Background:
    Given the mart "Gangnam Fresh" sells:
      | product | price |
      | Milk 1L | 2,900 |
    And Hana manages the mart "Gangnam Fresh"
    And Jisoo is a customer
    And Minho is a customer
    And Jisoo has put 2 "Milk 1L" in the cart at "Gangnam Fresh"
    And Minho has put 1 "Milk 1L" in the cart at "Gangnam Fresh"
    And Jisoo has placed an order at "Gangnam Fresh"
    And Minho has placed an order at "Gangnam Fresh"
    And Jisoo has paid for the order in the payment window
    And Minho has paid for the order in the payment window

  Rule: A payment is verified only for its own order, by that order's customer

    Scenario: A payment for an order that does not exist is refused
      # irrelevant "Jisoo": an order that does not exist is unknown to every customer alike
      When Jisoo's app reports the payment for an order that does not exist
      Then the request is refused with 404 ORDER_NOT_FOUND
      And the payment company was asked for a payment 0 times

    Scenario: Another customer's order is as unknown as one that does not exist
      # irrelevant "Minho": Jisoo's order is unknown to Minho's app, whichever payment it reports
      When Minho's app reports Minho's payment for Jisoo's order
      Then the request is refused with 404 ORDER_NOT_FOUND
      And every order is awaiting payment

    Scenario: A payment made for another order is refused
      When Jisoo's app reports Minho's payment for Jisoo's order
      Then the request is refused with 409 PAYMENT_OF_ANOTHER_ORDER
      And the refusal explains itself
      And every order is awaiting payment
      And the payment company was asked to cancel a payment 0 times

    Scenario: A second payment for a paid order is refused without asking the payment company
      Given Jisoo's app has reported the payment
      And Jisoo has paid for the order in the payment window a second time
      When Jisoo's app reports the payment
      Then the request is refused with 409 ORDER_ALREADY_PAID
      And Jisoo's order is paid
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 2     |
        | for a payment       | 1     |

    Scenario Outline: A report without a proper payment id is refused
      # irrelevant "Jisoo": a malformed payment id is refused whoever's app sends it
      When Jisoo's app reports a payment with <problem>
      Then the request is refused with 400 VALIDATION_FAILED
      And every order is awaiting payment

      # irrelevant "no payment id", "an empty id", "an id of 33 characters": each row is one way a payment id is malformed, and every way is refused alike; the rows together name them all
      Examples:
        | problem           |
        | no payment id     |
        | an empty id       |
        | an id of 33 characters |

  Rule: Cancels are for positive amounts

    Scenario Outline: A cancel of <amount> won is refused and nothing is cancelled
      Given Jisoo's app has reported the payment
      # irrelevant "Jisoo": a cancel of no money is refused before any order is looked at
      When Hana asks to cancel <amount> won of Jisoo's order
      Then the request is refused with 400 VALIDATION_FAILED
      And Jisoo's order is paid
      And the payment company was asked to cancel a payment 0 times

      Examples:
        | amount |
        | 0      |
        # irrelevant "-500": any amount below zero stands for all of them; the row of 0 is the boundary
        | -500   |
