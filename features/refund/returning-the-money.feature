Feature: Returning the money of a refund
  An accepted refund gives the money back through the payment company: the platform asks it to cancel the
  refund's amount of the payment, telling it how much the platform believes can still be cancelled, so a cancel
  sent twice is refused rather than paid twice. A refund is completed only when the payment company confirms. If
  it cannot be reached, the refund waits and the refund worker asks again later. If it refuses the cancel, asking
  again would not help: the refund waits for a person to look at it. The cancel is keyed by its refund, so the
  worker asking again never cancels twice: a cancel the payment company made — even one the platform could not
  record at first — is found in the payment's history and recorded once.

  Background:
    Given the mart "Gangnam Fresh" sells:
      | product | price |
      | Milk 1L | 2,900 |
      | Eggs 10 | 4,500 |
    And Hana manages the mart "Gangnam Fresh"
    And Jisoo is a customer
    And Jisoo has put 2 "Milk 1L" in the cart at "Gangnam Fresh"
    And Jisoo has put 1 "Eggs 10" in the cart at "Gangnam Fresh"
    And Jisoo has placed an order at "Gangnam Fresh"
    And Jisoo has paid for the order in the payment window
    And Jisoo's app has reported the payment
    And Jisoo's order was delivered just now

  Rule: A refund is completed when the payment company confirms the cancel

    Scenario: The payment company confirms at once
      When Hana requests a refund of 1 "Milk 1L" from Jisoo's order
      Then the refund is accepted
      And the refund of Jisoo's order is completed
      And Jisoo's mart is told "Refunded: the payment company confirmed the cancel."
      And the payment company was asked to cancel 2,900 won of Jisoo's payment, believing 10,300 won remained
      And Jisoo's order is partially cancelled
      And Jisoo's order has one cancel of 2,900 won, believing 10,300 won remained, for its refund

    Scenario: The platform stopped after the payment company confirmed, before the refund was marked completed
      # irrelevant "0": the money is returned the same with or without photos
      Given Hana has requested a refund of 1 "Milk 1L" from Jisoo's order with 0 photos
      And the platform stopped before it marked the refund of Jisoo's order completed
      # irrelevant "10 minutes": longer than the refund worker ever waits between two tries (5 minutes at most), so its next run asks again
      When 10 minutes pass
      And the refund worker runs
      Then the refund of Jisoo's order is completed
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 1     |
        | to cancel a payment | 1     |
      And Jisoo's order has one cancel of 2,900 won, believing 10,300 won remained, for its refund

    Scenario: The payment company carried out the cancel but its answer was lost
      Given the payment company carries out the next cancel but its answer is lost
      When Hana requests a refund of 1 "Milk 1L" from Jisoo's order
      Then the refund is accepted
      And the refund of Jisoo's order is completed
      And 7,400 won remains of Jisoo's payment at the payment company, after 1 cancel
      And Jisoo's order has one cancel of 2,900 won, believing 10,300 won remained, for its refund

    Scenario: The payment company made the cancel but the platform could not record it at first
      Given the platform's records fail right after the payment company makes a cancel
      When Hana requests a refund of 1 "Milk 1L" from Jisoo's order
      Then the refund is accepted
      And the refund of Jisoo's order is waiting for the payment company
      And 7,400 won remains of Jisoo's payment at the payment company, after 1 cancel
      When the platform's records work again
      # at least "1 minute": the worker's next try is due well within a minute of the first; any later run asks again alike
      And 1 minute passes
      And the refund worker runs
      Then the refund of Jisoo's order is completed
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 2     |
        | to cancel a payment | 1     |
      And Jisoo's order has one cancel of 2,900 won, believing 10,300 won remained, for its refund

  Rule: When the payment company cannot be reached, the refund waits and is asked again

    Scenario: The payment company is down, then back
      Given the payment company is down
      When Hana requests a refund of 1 "Milk 1L" from Jisoo's order
      Then the refund is accepted
      And the refund of Jisoo's order is waiting for the payment company
      And Jisoo's order is paid
      When the payment company is back
      # at least "1 minute": the worker's next try is due well within a minute of the first; any later run asks again alike
      And 1 minute passes
      And the refund worker runs
      Then the refund of Jisoo's order is completed
      And Jisoo's order is partially cancelled
      And the payment company was asked to cancel 2,900 won of Jisoo's payment, believing 10,300 won remained

  Rule: A cancel the payment company refuses is left for a person, not retried

    Scenario: Part of the payment was cancelled behind the platform's back
      Given 2,900 won of Jisoo's payment was cancelled directly at the payment company
      When Hana requests a refund of 1 "Eggs 10" from Jisoo's order
      Then the refund is accepted
      And the refund of Jisoo's order comes to 4,500 won
      And the refund of Jisoo's order is waiting for a person
      And Jisoo's mart is told "The payment company refused the cancel. Our support team will look at this refund."
      # irrelevant "1 hour": a cancel the payment company refused is never sent again, however long the worker keeps running; an hour is past any back-off
      When 1 hour passes
      And the refund worker runs
      Then the refund of Jisoo's order is waiting for a person
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 2     |
        | to cancel a payment | 1     |
      And Jisoo's order has no cancel history
      And 7,400 won remains of Jisoo's payment at the payment company, after 1 cancel
