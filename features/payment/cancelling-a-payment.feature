Feature: Cancelling all or part of a payment
  A mart cancels all or part of a paid order when products cannot be delivered or are refunded. Each cancel
  tells the payment company how much the platform believes can still be cancelled. If that is no longer true —
  the same cancel was sent twice, or someone cancelled part of the payment elsewhere — the payment company
  refuses the cancel, and nobody gets money back twice. Asking to cancel more than remains is refused before the
  payment company is asked at all. Every cancel is kept in the order's history. The mart's app sends an
  idempotency key with each cancel: the same request sent again (a double click, a retry after a timeout) is
  answered with the cancel already made, and the key on a different request is refused. A cancel sent without a
  key is known by what it says: the same amount for the same reason is the same cancel.

  A cancel can go through at the payment company while its answer is lost on the way back. The platform then
  tries again, and the payment company refuses the second try, because less remains than it says. Before
  calling that a refusal, the platform fetches the payment again: when its last cancel is this one, the cancel
  happened and is recorded — it is never reported as refused, and never sent a third time.

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

  Rule: A cancel tells the payment company what the platform believes remains

    Scenario: Cancelling part of a payment
      When Hana cancels 2,900 won of Jisoo's order because "Milk 1L was out of stock"
      Then the answer is 200
      And Jisoo's order is partially cancelled
      And Jisoo is told "Part of this order was cancelled: 2,900 won is being returned to you."
      And the payment company was asked to cancel 2,900 won of Jisoo's payment, believing 10,300 won remained
      And Jisoo's order has this cancel history:
        | amount | believed remaining | reason                   |
        | 2,900  | 10,300             | Milk 1L was out of stock |

    Scenario: Cancelling the rest after a partial cancel cancels the order
      Given Hana has cancelled 2,900 won of Jisoo's order because "Milk 1L was out of stock"
      When Hana cancels the rest of Jisoo's order because "Jisoo asked to cancel"
      Then Jisoo's order is cancelled
      And the payment company was asked to cancel 7,400 won of Jisoo's payment, believing 7,400 won remained
      And Jisoo's order has this cancel history:
        | amount | believed remaining | reason                   |
        | 2,900  | 10,300             | Milk 1L was out of stock |
        | 7,400  | 7,400              | Jisoo asked to cancel    |
      And nothing remains of Jisoo's payment at the payment company

  Rule: Nobody gets money back twice

    Scenario: A cancel sent when part of the payment was already cancelled elsewhere is refused by the payment company
      Given 2,900 won of Jisoo's payment was cancelled directly at the payment company
      # irrelevant "2,900", "Milk 1L was out of stock": the payment company refuses any cancel that believes too much remains, whatever its amount or reason
      When Hana cancels 2,900 won of Jisoo's order because "Milk 1L was out of stock"
      Then the request is refused with 409 CANCEL_REFUSED_BY_GATEWAY
      And the refusal explains itself in the platform's words, while the service log keeps what the payment company said
      And Jisoo's order is paid
      And Jisoo's order has no cancel history
      And 7,400 won remains of Jisoo's payment at the payment company, after 1 cancel

    Scenario: The same cancel request sent twice cancels once
      Given Hana has cancelled 2,900 won of Jisoo's order because "Milk 1L was out of stock"
      When the same cancel request arrives again
      Then the answer is 200
      And Jisoo's order is partially cancelled
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 1     |
        | to cancel a payment | 1     |
      And Jisoo's order has this cancel history:
        | amount | believed remaining | reason                   |
        | 2,900  | 10,300             | Milk 1L was out of stock |

    Scenario: The same idempotency key on a different cancel is refused
      Given Hana has cancelled 2,900 won of Jisoo's order because "Milk 1L was out of stock"
      # irrelevant "4,500", "Eggs were broken": any cancel that says something else than the first is refused under its key
      When Hana cancels 4,500 won of Jisoo's order because "Eggs were broken" with the same idempotency key
      Then the request is refused with 422 IDEMPOTENCY_KEY_REUSED
      And the refusal explains itself
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 1     |
        | to cancel a payment | 1     |
      And Jisoo's order has this cancel history:
        | amount | believed remaining | reason                   |
        | 2,900  | 10,300             | Milk 1L was out of stock |

    Scenario: A cancel whose answer was lost is found at the payment company and recorded once
      Given the payment company carries out the next cancel but its answer is lost
      When Hana cancels 2,900 won of Jisoo's order because "Milk 1L was out of stock"
      Then the answer is 200
      And Jisoo's order is partially cancelled
      And the payment company was asked to cancel a payment 2 times
      And 7,400 won remains of Jisoo's payment at the payment company, after 1 cancel
      And Jisoo's order has this cancel history:
        | amount | believed remaining | reason                   |
        | 2,900  | 10,300             | Milk 1L was out of stock |

    Scenario: Cancelling more than remains is refused before the payment company is asked
      Given Hana has cancelled 2,900 won of Jisoo's order because "Milk 1L was out of stock"
      # at least "7,401": any amount past the 7,400 won that remain is refused alike; the next scenario cancels exactly 7,400
      # irrelevant "a mistake": an amount past what remains is refused whatever the reason
      When Hana cancels 7,401 won of Jisoo's order because "a mistake"
      Then the request is refused with 422 CANCEL_EXCEEDS_REMAINING
      And the refusal explains itself
      And Jisoo's order is partially cancelled
      And Jisoo's order has this cancel history:
        | amount | believed remaining | reason                   |
        | 2,900  | 10,300             | Milk 1L was out of stock |
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 1     |
        | to cancel a payment | 1     |

    Scenario: Cancelling exactly what remains is accepted
      Given Hana has cancelled 2,900 won of Jisoo's order because "Milk 1L was out of stock"
      When Hana cancels 7,400 won of Jisoo's order because "Jisoo asked to cancel"
      Then Jisoo's order is cancelled
      And Jisoo's order has this cancel history:
        | amount | believed remaining | reason                   |
        | 2,900  | 10,300             | Milk 1L was out of stock |
        | 7,400  | 7,400              | Jisoo asked to cancel    |
      And nothing remains of Jisoo's payment at the payment company

    Scenario: A cancelled order cannot be cancelled again
      Given Hana has cancelled the rest of Jisoo's order because "Jisoo asked to cancel"
      # irrelevant "again": a cancelled order refuses every further cancel, whatever its reason
      When Hana cancels the rest of Jisoo's order because "again"
      Then the request is refused with 409 ORDER_NOT_CANCELLABLE
      And Jisoo's order has this cancel history:
        | amount | believed remaining | reason                |
        | 10,300 | 10,300             | Jisoo asked to cancel |
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 1     |
        | to cancel a payment | 1     |
