@incident-slack-429
# irrelevant "10": alerts go out at the first flush due after the requests; a second more changes nothing
Feature: A flood of alerts is counted, not kept
  An outsider sent 2,000 junk requests that each ended in a server error: every one became a line in the alert
  buffer, 2,000 lines in 8 seconds, and nothing would have stopped the next two million from filling the
  platform's memory or Redis.

  Each channel's buffer now holds at most 10,000 alerts (ALERT_BUFFER_MAX_LINES; ten minutes of what Slack
  accepts, about 2 MB). A server error just like one still waiting to be sent — the same kind of request, the
  same status — is not a new alert: it raises that alert's count, and Slack reads "×37". An alert that finds the buffer
  full is not kept but counted, and the next message says so: "… and 1,950 more dropped". The first alerts of
  a storm are the ones kept, because they tell when it began.

  Background:
    Given the mart "Gangnam Fresh" sells 3 products named "Item 1" to "Item 3"

  Rule: Identical server errors waiting to be sent are one alert with a count

    Scenario: 37 identical server errors are one alert, "×37"; the next one after it was sent starts anew
      Given listing a mart's products fails
      When a customer opens the product list of "Gangnam Fresh" 37 times, one after another
      Then 1 error alert waits to be sent, standing for 37 requests
      When 10 seconds pass
      Then the error channel has received 1 message
      And that message reads "GET /marts/:martId/products → 500 in 0 ms" with the request's id and time, "×37"
      When a customer opens the product list of "Gangnam Fresh" 2 times, one after another
      Then 1 error alert waits to be sent, standing for 2 requests

    Scenario: Two kinds of server error in turn are two alerts, each with its count
      Given Jisoo is a customer
      # irrelevant "1", "Item 1": Jisoo's cart needs a product so that viewing it reads the failing product list
      And Jisoo has put 1 "Item 1" in the cart at "Gangnam Fresh"
      And listing a mart's products fails
      When Jisoo opens the product list of "Gangnam Fresh" and the cart there, in turn, 6 times
      Then 2 error alerts wait to be sent, standing for 12 requests
      When 10 seconds pass
      Then the error channel has received 1 message
      And that message reports, in order:
        | alert                                     | count |
        | GET /marts/:martId/products → 500 in 0 ms | ×6    |
        | GET /me/carts/:martId → 500 in 0 ms       | ×6    |

    Scenario: Slow requests are each reported, never collapsed
      # irrelevant "16": any listing of 15 seconds or more is slow
      Given listing a mart's products takes 16 seconds
      When a customer opens the product list of "Gangnam Fresh" 3 times, one after another
      Then 3 slow-request alerts wait to be sent

  Rule: A buffer holds at most its cap; what did not fit is counted and reported

    Scenario: 200 slow requests against a cap of 50: 50 are kept, and Slack hears of the other 150
      Given each alert channel holds at most 50 alerts
      # irrelevant "16": any listing of 15 seconds or more is slow
      And listing a mart's products takes 16 seconds
      When customers open the product list of "Gangnam Fresh" 200 times at once
      Then 50 slow-request alerts wait to be sent
      And 150 slow-request alerts were dropped
      When 10 seconds pass
      Then the slow-request channel has received 1 message, carrying 50 alerts
      And that message ends with "… and 150 more dropped"
      And no alert waits to be sent
      And no alert is counted as dropped

    Scenario: A full buffer still counts an identical server error, and drops a different one
      Given each alert channel holds at most 1 alert
      And Jisoo is a customer
      # irrelevant "1", "Item 1": Jisoo's cart needs a product so that viewing it reads the failing product list
      And Jisoo has put 1 "Item 1" in the cart at "Gangnam Fresh"
      And listing a mart's products fails
      When a customer opens the product list of "Gangnam Fresh" 4 times, one after another
      And Jisoo looks at the cart at "Gangnam Fresh"
      Then 1 error alert waits to be sent, standing for 4 requests
      And 1 error alert was dropped
      When 10 seconds pass
      Then the error channel has received 1 message
      And that message ends with "… and 1 more dropped"
