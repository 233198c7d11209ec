Feature: When the platform's records stop answering, a customer is told to try again shortly
  Marts, products, orders and payments are kept in the platform's records (Postgres). An outsider's test found
  that when the records stopped answering — the connection stayed open and no reply came — a customer's request
  waited with no end, and so did every request behind it.

  Now no statement waits longer than a bound (DATABASE_STATEMENT_TIMEOUT_MS, 5 seconds): the records cancel a
  statement that runs, or waits for another's lock, that long, and the platform gives up on records that do not
  answer at all. The customer is told our records cannot be reached right now and to try again in a moment
  (STORAGE_UNAVAILABLE), and nothing they tried is half-done. Committing a product sheet may take longer for each
  of its statements (IMPORT_COMMIT_STATEMENT_TIMEOUT_SECONDS, 120).

  In the real-backend run the platform reaches Postgres through a connection of its own that the scenario
  silences: it stays open and nothing comes back. The embedded database serves one caller at a time: there
  another caller holds it and does not finish. The scenarios use a bound of 200 ms.

  Background:
    Given the mart "Gangnam Fresh" sells 3 products named "Item 1" to "Item 3"
    And Jisoo is a customer
    And Jisoo has put 2 "Item 1" in the cart at "Gangnam Fresh"

  Rule: While the records do not answer, a customer is told to try again shortly, and nothing changes

    Scenario: The records stop answering, then answer again
      When the platform's records stop answering
      # irrelevant "1", "Item 2": whatever Jisoo tries to add while the records are silent, nothing is added
      And Jisoo tries to add 1 "Item 2" to the cart at "Gangnam Fresh"
      Then Jisoo is told our records cannot be reached right now and to try again in a moment
      When Jisoo tries to look at the cart at "Gangnam Fresh"
      Then Jisoo is told our records cannot be reached right now and to try again in a moment
      When the platform's records answer again
      Then Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Item 1  | 2        |
