@incident-slack-429
Feature: Slow requests and server errors are reported to the on-call team
  A customer who waits fifteen seconds for a page has usually given up. Every request that takes 15 seconds or
  more is reported to the on-call team's Slack channel, and every request that fails on our side (a server
  error) to the error channel, so that someone looks before customers complain.

  A report names the kind of request (its route, such as "the product list of a mart"), never the exact
  address: addresses carry customer and mart ids and search terms that do not belong in a chat channel, and
  reports of the same slow page should read alike. It also gives the answer's status, how long it took, the
  request id to find it in the logs, and when it happened.

  Reports are collected first and sent together every 10 seconds (see "Alerts reach Slack together, within
  its rate limit").

  Background:
    Given the mart "Gangnam Fresh" sells 3 products named "Item 1" to "Item 3"

  Rule: A request taking 15 seconds or more is reported, by its route and not its address

    Scenario: A slow product list is reported with its route, status, duration and request id
      Given listing a mart's products takes 16 seconds
      When a customer opens the product list of "Gangnam Fresh"
      Then 1 slow-request alert waits to be sent:
        | request                     | status | took      |
        | GET /marts/:martId/products | 200    | 16,000 ms |
      And the alert does not mention the mart's id or the search terms
      # irrelevant "10": the request itself took 16 seconds, so a sending was already due when it ended; any wait of a second or more delivers it
      When 10 seconds pass
      Then the slow-request channel has received 1 message
      And that message reads "GET /marts/:martId/products → 200 in 16,000 ms" with the request's id and time
      And no alert waits to be sent

    Scenario: A request just under 15 seconds is not reported
      # at most "14,999": the longest request that goes unreported; every shorter one goes unreported too
      Given listing a mart's products takes 14,999 milliseconds
      When a customer opens the product list of "Gangnam Fresh"
      Then no alert waits to be sent

    Scenario: A request of exactly 15 seconds is reported
      # at least "15": the shortest request that is reported; every longer one is reported too
      Given listing a mart's products takes 15 seconds
      When a customer opens the product list of "Gangnam Fresh"
      Then 1 slow-request alert waits to be sent

    Scenario: Operations can lower the threshold
      Given requests taking 5 seconds or more count as slow
      # at most "4,999": the longest request under the lowered threshold; every shorter one goes unreported too
      And listing a mart's products takes 4,999 milliseconds
      When a customer opens the product list of "Gangnam Fresh"
      Then no alert waits to be sent
      When listing a mart's products takes 5 seconds
      And a customer opens the product list of "Gangnam Fresh"
      Then 1 slow-request alert waits to be sent:
        | request                     | status | took     |
        | GET /marts/:martId/products | 200    | 5,000 ms |

  Rule: A server error is reported on the error channel, apart from slow requests

    Scenario: A failing product list raises an error alert, not a slow-request alert
      Given listing a mart's products fails
      When a customer opens the product list of "Gangnam Fresh"
      Then the customer is told something went wrong on our side
      And 1 error alert waits to be sent:
        | request                     | status | took |
        | GET /marts/:martId/products | 500    | 0 ms |
      # at least "10": the error alert goes out with the first sending after it, 10 seconds on; a longer wait finds it sent all the same
      When 10 seconds pass
      Then the error channel has received 1 message
      And that message reads "GET /marts/:martId/products → 500 in 0 ms" with the request's id and time
      And the slow-request channel has received no message
