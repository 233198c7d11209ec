Feature: A payment counts only when the payment company confirms it
  After paying in the payment window, the customer's app tells the platform which payment it made. The
  platform believes neither the app nor anyone else: it asks the payment company directly, and accepts the
  payment only if the payment company says it is paid, that it was made for this order, and that the amount is
  exactly the order's total. A payment of any other amount means someone tampered with the payment window: the
  payment is cancelled in full at once and the order fails, so that nobody is charged for an order the platform
  did not accept. The order waits for reconciliation while that cancel is sent: one the payment company made but
  the platform could not record is found in the payment's history by the reconciliation job. Once an order is paid, what it ordered leaves the cart: each ordered quantity is taken out,
  and anything put in the cart after checkout stays. Until then the cart is left alone, so a failed payment
  never costs the customer their cart. Reporting the same payment twice changes nothing the second time. A notification from the
  payment company is only a reason to check again: its content is never trusted.

  Background:
    Given the mart "Gangnam Fresh" sells:
      | product | price |
      | Milk 1L | 2,900 |
      | Eggs 10 | 4,500 |
    And Jisoo is a customer
    And Jisoo has put 2 "Milk 1L" in the cart at "Gangnam Fresh"
    And Jisoo has put 1 "Eggs 10" in the cart at "Gangnam Fresh"
    And Jisoo has placed an order at "Gangnam Fresh"

  Rule: A payment the payment company confirms, for this order and its total, makes the order paid

    Scenario: A confirmed payment of the order's total makes the order paid
      Given Jisoo has paid for the order in the payment window
      When Jisoo's app reports the payment
      Then the answer is 200
      And Jisoo's order is paid
      And Jisoo is told "Paid. The mart is preparing your order."
      And the payment company was asked:
        | request              | times |
        | for an access token  | 1     |
        | to expect a payment  | 1     |
        | for a payment        | 1     |

    Scenario: Reporting the same payment twice changes nothing the second time
      Given Jisoo has paid for the order in the payment window
      And Jisoo's app has reported the payment
      When Jisoo's app reports the payment
      Then the answer is 200
      And Jisoo's order is paid
      And the payment company was asked:
        | request              | times |
        | for an access token  | 1     |
        | to expect a payment  | 1     |
        | for a payment        | 1     |

    Scenario: A payment still open in the payment window is not accepted
      Given Jisoo has opened the payment window but not paid yet
      When Jisoo's app reports the payment
      Then the request is refused with 422 PAYMENT_NOT_COMPLETED
      And Jisoo's order is awaiting payment

  Rule: A paid order takes what it ordered out of the cart

    Scenario: Once the payment is accepted, the ordered quantities leave the cart and later additions stay
      Given Jisoo has put 1 "Milk 1L" in the cart at "Gangnam Fresh"
      And Jisoo has paid for the order in the payment window
      When Jisoo's app reports the payment
      Then Jisoo's order is paid
      And Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Milk 1L | 1        |

    Scenario: A paid order that was the whole cart leaves it empty
      Given Jisoo has paid for the order in the payment window
      When Jisoo's app reports the payment
      Then Jisoo's cart at "Gangnam Fresh" is empty

    Scenario: A payment that is not accepted leaves the cart as it was
      # irrelevant "100": a payment of any amount but the order's total is not accepted, and the cart stays as it was
      Given Jisoo has paid only 100 won for the order in a tampered payment window
      When Jisoo's app reports the payment
      Then Jisoo's order is payment failed
      And Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Eggs 10 | 1        |
        | Milk 1L | 2        |

  Rule: A payment of another amount is cancelled in full and the order fails

    Scenario: A tampered payment of 100 won is cancelled in full, and the order fails
      Given Jisoo has paid only 100 won for the order in a tampered payment window
      When Jisoo's app reports the payment
      Then the answer is 200
      And Jisoo's order is payment failed
      And Jisoo is told "The amount paid (100 won) was not this order's total (10,300 won), so the payment was cancelled in full."
      And the payment company was asked to cancel 100 won of Jisoo's payment, believing 100 won remained
      And Jisoo's payment is cancelled in full at the payment company
      And the payment company was asked:
        | request              | times |
        | for an access token  | 1     |
        | to expect a payment  | 1     |
        | for a payment        | 1     |
        | to cancel a payment  | 1     |

    Scenario: Reporting the tampered payment again cancels nothing more
      Given Jisoo has paid only 100 won for the order in a tampered payment window
      And Jisoo's app has reported the payment
      When Jisoo's app reports the payment
      Then Jisoo's order is payment failed
      And the payment company was asked to cancel 100 won of Jisoo's payment, believing 100 won remained
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 1     |
        | to cancel a payment | 1     |

    Scenario: A tampered payment the platform could not check at once is cancelled when the reconciliation job finds it
      Given Jisoo has paid only 100 won for the order in a tampered payment window
      And the payment company is down
      And Jisoo's app has reported the payment
      And the payment company is back
      When the reconciliation job runs
      Then Jisoo's order is payment failed
      And Jisoo's payment is cancelled in full at the payment company
      And the payment company was asked to cancel 100 won of Jisoo's payment, believing 100 won remained

    Scenario: A tampered payment cancelled while the platform's records failed is recorded by the reconciliation job
      Given Jisoo has paid only 100 won for the order in a tampered payment window
      And the platform's records fail right after the payment company makes a cancel
      When Jisoo's app reports the payment
      Then the answer is 202
      And Jisoo's payment is cancelled in full at the payment company
      And Jisoo's order is verification pending
      When the platform's records work again
      And the reconciliation job runs
      Then Jisoo's order is payment failed
      And Jisoo is told "The amount paid (100 won) was not this order's total (10,300 won), so the payment was cancelled in full."
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 2     |
        | to cancel a payment | 1     |
      And Jisoo's order has this cancel history:
        | amount | believed remaining | reason                                   |
        | 100    | 100                | Paid 100 won for an order of 10,300 won |

  Rule: A notification from the payment company is a reason to check, never proof

    Scenario: A notification about a real payment makes the platform check it, and the order becomes paid
      Given Jisoo has paid for the order in the payment window
      When the payment company notifies the platform about Jisoo's payment
      Then the answer is 200
      And Jisoo's order is paid
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 1     |

    Scenario: A forged notification that claims the order is paid changes nothing
      When someone forges a notification that Jisoo's order was paid in full
      Then the request is refused with 422 PAYMENT_NOT_FOUND
      And Jisoo's order is awaiting payment
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 1     |
