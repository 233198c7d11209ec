Feature: No money moves at the payment company without a record
  A cancel gives a customer money back. Once the payment company has made it, the platform must know, whatever
  fails afterwards; otherwise the order wedges: the platform believes more can still be cancelled than the
  payment company does, and every later cancel or refund of the order is refused. An outsider's attack found
  exactly that: a cancel reason holding an invisible NUL character was cancelled at the payment company, then
  refused by our database, and nothing was recorded. So every field is checked before the payment company is
  called, the cancel is written down before it is called and settled after, and a cancel the payment company
  made that could not be recorded is found by the reconciliation job (every minute, by default) in the
  payment's history and recorded then.

  The same attack sent fifty identical cancels at once without an idempotency key, and five to seven of them
  were made. Now one cancel per order is under way at a time: a cancel is written down while the order is
  locked, and a cancel arriving while another is under way is told so (409) instead of being sent with an
  amount that is about to change. A cancel sent without a key is known by what it says — the same amount, or
  "the rest", for the same reason of the same order is the same cancel, answered with the cancel already made.
  Keys stay optional because a cancel that says the same thing twice is a repeat far more often than two
  cancels; a mart that truly means to cancel the same amount for the same reason again sends its own key.

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

  Rule: Every field is checked before the payment company is called

    Scenario: A cancel reason with a NUL character is refused before the payment company is called
      # irrelevant "2,900": a reason holding a NUL character is refused whatever the amount
      When Hana cancels 2,900 won of Jisoo's order with a reason holding a NUL character
      Then the request is refused with 400 INVALID_CHARACTERS
      And the payment company was asked to cancel a payment 0 times
      And Jisoo's order is paid
      And Jisoo's order has no cancel history

  Rule: Identical cancels without a key move money once

    Scenario: Two identical cancels at once without a key move money once
      When Hana's app sends 2 identical cancels of 2,900 won of Jisoo's order because "Milk 1L was out of stock" at once, without a key
      Then each of the 2 answers gave that cancel or said it was being made
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 1     |
        | to cancel a payment | 1     |
      And 7,400 won remains of Jisoo's payment at the payment company, after 1 cancel
      And Jisoo's order has this cancel history:
        | amount | believed remaining | reason                   |
        | 2,900  | 10,300             | Milk 1L was out of stock |

    Scenario: The same cancel sent again later without a key is answered with the cancel already made
      Given Hana has cancelled 2,900 won of Jisoo's order because "Milk 1L was out of stock", without a key
      When Hana cancels 2,900 won of Jisoo's order because "Milk 1L was out of stock", without a key
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

    Scenario: Another cancel while one is under way waits its turn
      Given the payment company is down
      And Hana has tried to cancel 2,900 won of Jisoo's order because "Milk 1L was out of stock"
      # irrelevant "4,500", "Eggs were broken": while one cancel is under way, any other is told to wait, whatever it says
      When Hana cancels 4,500 won of Jisoo's order because "Eggs were broken"
      Then the request is refused with 409 CANCEL_IN_PROGRESS
      And the refusal explains itself
      And the cancel under way for Jisoo's order is 2,900 won because "Milk 1L was out of stock"
      And the payment company was asked to cancel a payment 3 times

  Rule: A cancel the payment company made is recorded, even when recording it failed at first

    Scenario: A cancel whose record could not be written is recorded by the reconciliation job
      Given the platform's records fail right after the payment company makes a cancel
      When Hana cancels 2,900 won of Jisoo's order because "Milk 1L was out of stock"
      Then the answer is 202
      And the answer says "The payment company made the cancel; it will show on this order within a few minutes. Do not send it again."
      And 7,400 won remains of Jisoo's payment at the payment company, after 1 cancel
      And Jisoo's order is paid
      When the platform's records work again
      And the reconciliation job runs
      Then Jisoo's order is partially cancelled
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 2     |
        | to cancel a payment | 1     |
      And Jisoo's order has this cancel history:
        | amount | believed remaining | reason                   |
        | 2,900  | 10,300             | Milk 1L was out of stock |

    Scenario: A cancel left unrecorded by a platform that stopped is recorded once nobody can still be working on it
      Given the platform's records fail right after the payment company makes a cancel
      And Hana has tried to cancel 2,900 won of Jisoo's order because "Milk 1L was out of stock"
      And the platform stopped before it handed the unrecorded cancel over
      And the platform's records work again
      When 4 minutes pass
      And the reconciliation job runs
      Then Jisoo's order is paid
      # at least "1 minute": with the 4 minutes before, the 5 minutes the stopped platform claimed the cancel for are over; any later run of the job records it alike
      When 1 minute passes
      And the reconciliation job runs
      Then Jisoo's order is partially cancelled
      And no cancel of Jisoo's order is under way
      And Jisoo's order has this cancel history:
        | amount | believed remaining | reason                   |
        | 2,900  | 10,300             | Milk 1L was out of stock |
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 2     |
        | to cancel a payment | 1     |

    Scenario: A cancel the payment company never received is dropped, and the order can be cancelled again
      Given the payment company is down
      And Hana has tried to cancel 2,900 won of Jisoo's order because "Milk 1L was out of stock"
      And the payment company is back
      Then the cancel under way for Jisoo's order is 2,900 won because "Milk 1L was out of stock"
      # at least "5 minutes": a cancel the payment company never received is dropped once 5 minutes have passed, and at any later run alike
      When 5 minutes pass
      And the reconciliation job runs
      Then no cancel of Jisoo's order is under way
      And Jisoo's order has no cancel history
      When Hana cancels 4,500 won of Jisoo's order because "Eggs were broken"
      Then the answer is 200
      And the payment company was asked to cancel 4,500 won of Jisoo's payment, believing 10,300 won remained
      And Jisoo's order has this cancel history:
        | amount | believed remaining | reason           |
        | 4,500  | 10,300             | Eggs were broken |
