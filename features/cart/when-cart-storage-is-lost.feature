Feature: When cart storage is lost, a customer is told to try again shortly and nothing is lost
  Carts, and the alerts waiting for Slack, live in a fast storage of their own (Redis). When an outsider's test
  cut it off in the middle of a run, customers' apps waited up to 12 seconds for their carts and then got
  "something went wrong on our side"; 33 alerts about those failures were lost, and the logs filled with a line
  per reconnection attempt.

  Now a cart request gives up on the storage quickly (how quickly, refused or silent, is measured by
  `npm run bench:outage` and held by `test/storage-outage.test.ts`, not by these scenarios), and the customer is
  told their cart cannot be reached right now and to try again in a moment (CART_STORAGE_UNAVAILABLE). A change is made whole or not at all, and never twice:
  when the storage is back, every cart is as it was. A payment made meanwhile is still confirmed: the money was
  taken and the order recorded, so the customer is told the order is paid. What was paid for leaves the cart once
  the storage is back: the order waits in the platform's records until the payment reconciliation job can take its
  products out, once and never twice. The on-call team still hears of every failed request:
  alerts the storage cannot take wait in the platform's memory, under the same bound as the buffer, and reach
  Slack once the storage is back. The alert buffer logs the loss once, not at every failed request (the
  connection's own once-per-outage line is held by the same unit test).

  In the real-backend run the platform reaches Redis through a connection of its own that the scenario cuts or
  silences; in the embedded run the in-memory stores are made unreachable. In-memory stores answer at once or not
  at all, so the example where the storage stops answering runs against a real Redis only (the embedded run
  reports it skipped).

  Background:
    Given the mart "Gangnam Fresh" sells 3 products named "Item 1" to "Item 3"
    And Jisoo is a customer
    And Jisoo has put 2 "Item 1" in the cart at "Gangnam Fresh"

  Rule: While cart storage is lost, a customer is told to try again shortly, and no cart changes

    Scenario Outline: The cart storage <trouble>
      When the cart storage <trouble>
      # irrelevant "1", "Item 2": whatever Jisoo tries to add while the storage is lost, nothing is added
      And Jisoo tries to add 1 "Item 2" to the cart at "Gangnam Fresh"
      Then Jisoo is told the cart cannot be reached right now and to try again in a moment
      When Jisoo tries to look at the cart at "Gangnam Fresh"
      Then Jisoo is told the cart cannot be reached right now and to try again in a moment
      When the cart storage is back
      Then Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Item 1  | 2        |

      Examples:
        | trouble |
        | is lost |

      @real-redis-only
      Examples: Only a real Redis can keep its connection open and say nothing
        | trouble         |
        | stops answering |

    Scenario: Once the storage is back, carts change again
      When the cart storage is lost
      # irrelevant "1", "Item 2": whatever Jisoo tried to add while the storage was lost, nothing was added
      And Jisoo tries to add 1 "Item 2" to the cart at "Gangnam Fresh"
      And the cart storage is back
      And Jisoo adds 1 "Item 2" to the cart at "Gangnam Fresh"
      Then Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Item 1  | 2        |
        | Item 2  | 1        |

    Scenario: A mart that does not exist is refused as such while the storage is lost
      When the cart storage is lost
      And Jisoo tries to look at a cart at a mart that does not exist
      Then the request is refused with 404 MART_NOT_FOUND

  Rule: A payment is confirmed even while the cart storage is lost; what was paid for leaves the cart once it is back

    Scenario: A customer who paid while the cart storage was lost is told the order is paid
      Given Jisoo has placed an order at "Gangnam Fresh"
      And Jisoo has paid for the order in the payment window
      When the cart storage is lost
      And Jisoo's app reports the payment
      Then the answer is 200
      And Jisoo's order is paid

    Scenario: What was paid for while the cart storage was lost leaves the cart once it is back, once
      Given Jisoo has put 1 "Item 2" in the cart at "Gangnam Fresh"
      And Jisoo has placed an order at "Gangnam Fresh"
      And Jisoo has paid for the order in the payment window
      When the cart storage is lost
      And Jisoo's app reports the payment
      And the cart storage is back
      Then Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Item 1  | 2        |
        | Item 2  | 1        |
      When the reconciliation job runs
      Then Jisoo's cart at "Gangnam Fresh" is empty
      When Jisoo adds 2 "Item 1" to the cart at "Gangnam Fresh"
      And the reconciliation job runs
      Then Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Item 1  | 2        |

  Rule: The on-call team hears of every failed request once the storage is back

    Scenario: Alerts raised while the storage was lost wait in memory and reach Slack when it returns
      When the cart storage is lost
      And Jisoo tries to look at the cart at "Gangnam Fresh" 3 times
      Then 1 error alert waits in the platform's memory, standing for 3 requests
      # irrelevant "10": while the storage is lost, no flush can send anything, however long it lasts
      When 10 seconds pass
      Then no alert has reached Slack
      When the cart storage is back
      # irrelevant "10": the alerts go out at the first flush due once the storage is back
      And 10 seconds pass
      Then the error channel has received 1 message
      And that message reads "GET /me/carts/:martId → 503 in 0 ms" with the request's id and time, "×3"
      And no alert waits to be sent
      And no alert waits in the platform's memory

    # irrelevant "5", "30", "10": the loss and the return are each logged once, however many requests fail and however long it lasts
    Scenario: The loss is logged once, however many requests fail
      When the cart storage is lost
      And Jisoo tries to look at the cart at "Gangnam Fresh" 5 times
      And 30 seconds pass
      Then the log says once that the alert buffer cannot be reached
      When the cart storage is back
      And 10 seconds pass
      Then the log says once that the alert buffer is reachable again
