@incident-slack-429
Feature: Alerts reach Slack together, within its rate limit
  The incident, "Slack said 429": every request slower than 15 seconds posted its own Slack message. Far more
  requests were slow than anyone expected; Slack accepts about 20 messages a minute on one webhook and answered
  the rest with "429 Too Many Requests". The alerts that mattered — server errors — were at risk of being
  dropped along with the noise.

  Now alerts wait in a shared buffer. Every 10 seconds one instance of the platform — only one, even when
  several run — takes up to 50 of them and sends them as one message, never more than 20 messages a minute on
  a webhook. When Slack asks us to wait (429), we wait as long as it says. An alert leaves the buffer only
  once Slack has accepted it: when Slack fails, or an instance dies before Slack answers, the alerts go back
  in their order and the next message carries them. No alert is lost, none is sent twice. Server errors have
  their own webhook and their own budget, so a storm of slow requests never holds them up.

  Background:
    Given the mart "Gangnam Fresh" sells 3 products named "Item 1" to "Item 3"
    And listing a mart's products takes 16 seconds

  Rule: Alerts are sent together, every 10 seconds

    Scenario: 120 slow requests become three messages, not 120
      When customers open the product list of "Gangnam Fresh" 120 times at once
      Then 120 slow-request alerts wait to be sent
      And the slow-request channel has received no message
      When 10 seconds pass
      Then the slow-request channel has received 3 messages, carrying 50, 50 and 20 alerts
      And every slow request was reported exactly once
      And no alert waits to be sent

    Scenario: A message longer than Slack allows is cut, and the rest follow in the next messages
      Given a Slack message may be at most 1,000 characters
      When customers open the product list of "Gangnam Fresh" 50 times at once
      And 10 seconds pass
      Then no slow-request message is longer than 1,000 characters
      And the first slow-request message ends with how many more alerts follow
      And every slow request was reported exactly once

  Rule: Never more than 20 messages a minute on one webhook

    Scenario: A storm of slow requests is sent at the pace Slack accepts
      Given one Slack message carries at most 5 alerts
      When customers open the product list of "Gangnam Fresh" 150 times at once
      And 10 seconds pass
      Then the slow-request channel has received 20 messages
      And 50 slow-request alerts wait to be sent
      When 50 seconds pass
      Then the slow-request channel has received 20 messages
      When 10 seconds pass
      Then the slow-request channel has received 30 messages
      And every slow request was reported exactly once
      And Slack never had to refuse a message

    Scenario: Error alerts are never held up by a storm of slow requests
      Given one Slack message carries at most 5 alerts
      When customers open the product list of "Gangnam Fresh" 150 times at once
      And listing a mart's products fails
      And a customer opens the product list of "Gangnam Fresh"
      And 10 seconds pass
      Then the error channel has received 1 message
      And the slow-request channel has received 20 messages
      And 50 slow-request alerts wait to be sent

  Rule: When Slack refuses or fails, the alerts wait and nothing is lost

    Scenario: Slack says 429: we wait as long as it asks, and the alerts keep their order
      Given Slack answers every message with "too many requests, retry after 30 seconds"
      When customers open the product list of "Gangnam Fresh" 3 times at once
      And 10 seconds pass
      Then the slow-request channel has received no message
      And 3 slow-request alerts wait to be sent, in the order the requests ended
      And the log says Slack did not take the message: "rate limited (429)"
      When Slack accepts messages again
      And 20 seconds pass
      Then the slow-request channel has received no message
      When 10 seconds pass
      Then the slow-request channel has received 1 message
      And every slow request was reported exactly once, in order

    Scenario Outline: Slack <trouble>: the alerts wait for the next flush
      Given Slack <trouble>
      When customers open the product list of "Gangnam Fresh" 3 times at once
      And 10 seconds pass
      Then the slow-request channel has received no message
      And 3 slow-request alerts wait to be sent, in the order the requests ended
      And the log says Slack did not take the message: "<logged reason>"
      When Slack accepts messages again
      And 10 seconds pass
      Then every slow request was reported exactly once, in order
      And no alert waits to be sent

      Examples:
        | trouble                       | logged reason                        |
        | is down                       | HTTP 503 service_unavailable         |
        | cannot be reached             | no answer (network error or timeout) |

    Scenario: Webhook addresses never appear in the logs
      Given Slack answers every message with "too many requests, retry after 30 seconds"
      When customers open the product list of "Gangnam Fresh" 3 times at once
      And 10 seconds pass
      Then the log says Slack did not take the message: "rate limited (429)"
      And no log line contains a webhook address or its secret
