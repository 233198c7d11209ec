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
    # irrelevant "16": any listing of 15 seconds or more is slow
    And listing a mart's products takes 16 seconds

  Rule: Alerts are sent together, every 10 seconds

    Scenario: 120 slow requests become three messages, not 120
      When customers open the product list of "Gangnam Fresh" 120 times at once
      Then 120 slow-request alerts wait to be sent
      And no alert has reached Slack
      # irrelevant "10": the requests took 16 seconds, so a sending was already due when they ended; any wait of a second or more delivers them
      When 10 seconds pass
      Then the slow-request channel has received 3 messages, carrying 50, 50 and 20 alerts
      And every slow request was reported exactly once
      And no alert waits to be sent

    Scenario: A message longer than Slack allows is cut, and the rest follow in the next messages
      # irrelevant "1,000": messages are cut between whole alert lines, so a limit a character higher or lower cuts at the same line; the check below holds every message to 1,000
      Given a Slack message may be at most 1,000 characters
      # at least "50": one message takes at most 50 alerts, so more requests leave the extra ones to later messages, past these checks
      When customers open the product list of "Gangnam Fresh" 50 times at once
      # irrelevant "10": the requests took 16 seconds, so a sending was already due when they ended; any wait of a second or more delivers them
      And 10 seconds pass
      Then each slow-request message is at most 1,000 characters long
      And the first slow-request message ends with how many more alerts follow
      And every slow request was reported exactly once

  Rule: Never more than 20 messages a minute on one webhook

    Scenario: A storm of slow requests is sent at the pace Slack accepts
      Given one Slack message carries at most 5 alerts
      When customers open the product list of "Gangnam Fresh" 150 times at once
      # at most "10": the first 20 messages go out a second after the requests end; the waits below count from here, and a longer one would carry them past Slack's minute
      And 10 seconds pass
      Then the slow-request channel has received 20 messages
      And 50 slow-request alerts wait to be sent
      # at most "50": Slack's minute since the first messages is not over yet; a second more and it is
      When 50 seconds pass
      Then the slow-request channel has received 20 messages
      # irrelevant "10": the minute ends a second after the wait above; any wait of a second or more finds the next 10 messages sent
      When 10 seconds pass
      Then the slow-request channel has received 30 messages
      And every slow request was reported exactly once
      And Slack never had to refuse a message

    Scenario: Error alerts are never held up by a storm of slow requests
      Given one Slack message carries at most 5 alerts
      When customers open the product list of "Gangnam Fresh" 150 times at once
      And listing a mart's products fails
      And a customer opens the product list of "Gangnam Fresh"
      # irrelevant "10": the requests took 16 seconds, so a sending was already due when they ended; any wait of a second or more delivers them
      And 10 seconds pass
      Then the error channel has received 1 message
      And the slow-request channel has received 20 messages
      And 50 slow-request alerts wait to be sent

  Rule: When Slack refuses or fails, the alerts wait and nothing is lost

    Scenario: Slack says 429: we wait as long as it asks, and the alerts keep their order
      # irrelevant "30": Slack's wait ends between two sendings, 10 seconds apart; a wait a second shorter ends before the same sending (a second longer misses it, and fails below)
      Given Slack answers every message with "too many requests, retry after 30 seconds"
      When customers open the product list of "Gangnam Fresh" 3 times at once
      # at most "10": the sending a second after the requests end meets the 429; the waits below count from here, and a longer one would end Slack's wait sooner
      And 10 seconds pass
      Then no alert has reached Slack
      And 3 slow-request alerts wait to be sent, in the order the requests ended
      And the log says Slack did not take the message: "rate limited (429)"
      When Slack accepts messages again
      # at most "20": Slack's 30 seconds are not over yet; a second more and the sending due then goes out
      And 20 seconds pass
      Then no alert has reached Slack
      # irrelevant "10": the sending due when Slack's wait ends comes a second after the wait above; any wait of a second or more finds it sent
      When 10 seconds pass
      Then the slow-request channel has received 1 message
      And every slow request was reported exactly once, in order

    Scenario Outline: Slack <trouble>: the alerts wait for the next flush
      Given Slack <trouble>
      When customers open the product list of "Gangnam Fresh" 3 times at once
      # irrelevant "10": the requests took 16 seconds, so a sending was already due when they ended; any wait of a second or more delivers them
      And 10 seconds pass
      Then no alert has reached Slack
      And 3 slow-request alerts wait to be sent, in the order the requests ended
      And the log says Slack did not take the message: "<logged reason>"
      When Slack accepts messages again
      # irrelevant "10": the next sending is due a second after Slack is back; any wait of a second or more finds the alerts sent
      And 10 seconds pass
      Then every slow request was reported exactly once, in order
      And no alert waits to be sent

      Examples:
        | trouble                       | logged reason                        |
        | is down                       | HTTP 503 service_unavailable         |
        | cannot be reached             | no answer (network error or timeout) |

    # irrelevant "30", "3", "10": any refused message shows it; how long Slack asks to wait, how many alerts wait and when the sending came do not change what is logged
    Scenario: Webhook addresses never appear in the logs
      Given Slack answers every message with "too many requests, retry after 30 seconds"
      When customers open the product list of "Gangnam Fresh" 3 times at once
      And 10 seconds pass
      Then the log says Slack did not take the message: "rate limited (429)"
      And no log line contains a webhook address or its secret
