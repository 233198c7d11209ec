@incident-slack-429
Feature: Alerts survive crashes, shutdowns and several instances
  The platform runs as several instances that share one alert buffer. Only one of them sends at a time (it
  holds a lock that expires, so a dead instance cannot block the others for long). An alert being sent stays
  recorded as "in flight" until Slack accepts it: when the instance sending it dies first, the next instance
  to send puts it back at the head of the buffer and sends it. An instance that shuts down on purpose first
  sends what the rate allows and leaves the rest for the others.

  Background:
    Given the mart "Gangnam Fresh" sells 3 products named "Item 1" to "Item 3"
    # irrelevant "16": any listing of 15 seconds or more is slow
    And listing a mart's products takes 16 seconds

  Rule: Several instances send each alert once

    Scenario: Three instances share the buffer and each alert is sent once
      # irrelevant "3": several instances are the point; with two or four, one of them still sends each alert once
      Given the platform runs on 3 instances
      When customers open the product list of "Gangnam Fresh" 150 times at once
      # irrelevant "10": the requests took 16 seconds, so a sending was already due when they ended; any wait of a second or more delivers them
      And 10 seconds pass
      Then the slow-request channel has received 3 messages, carrying 50, 50 and 50 alerts
      And every slow request was reported exactly once
      And no alert waits to be sent

  Rule: An instance that dies while sending loses nothing

    # irrelevant "60", "30", "40": the other instance takes over at its first sending after the dead one's lock ran out; sendings come every 10 seconds, so a second more or less on any of these lands on the same sending
    Scenario: An instance dies after taking alerts and before Slack answered
      # at least "2": the instance that dies needs another to take over; more instances change nothing
      Given the platform runs on 2 instances
      And a sending instance that died is taken over after 60 seconds
      When customers open the product list of "Gangnam Fresh" 5 times at once
      And instance 2 dies while Slack has not yet answered its message
      Then 5 slow-request alerts are in flight
      When 30 seconds pass
      Then no alert has reached Slack
      When 40 seconds pass
      Then the slow-request channel has received 1 message
      And every slow request was reported exactly once, in order
      And no alert waits to be sent

  Rule: A graceful shutdown sends what the rate allows and leaves the rest

    Scenario: An instance shuts down in the middle of a storm
      Given one Slack message carries at most 5 alerts
      # at least "2": the instance that shuts down needs another to leave the rest to; more instances change nothing
      And the platform runs on 2 instances
      When customers open the product list of "Gangnam Fresh" 150 times at once
      And instance 2 shuts down
      Then the slow-request channel has received 20 messages
      And 50 slow-request alerts wait to be sent
      # irrelevant "70": Slack takes 20 more messages a minute after the first ones, and sendings come every 10 seconds, so a second more or less lands on the same sending
      When 70 seconds pass
      Then every slow request was reported exactly once
      And no alert waits to be sent
