@incident-breakers-disagreed
# irrelevant "is down": every way the search company can fail (down, hanging, unreachable, nonsense) is one failed call to the breaker; "is down" stands for all of them
# irrelevant "jam": the breaker counts calls to the search company and their outcomes, whatever the customer typed
Feature: Search stops calling a failing search company, and tries it again carefully
  A circuit breaker stands between search and the AI search company. While it is closed, every search asks
  the search company. It judges the outcomes of the last 20 calls to the search company, made by any instance
  of the platform (a sliding window counted in calls, not in time), and only once at least 10 calls are in. It
  opens when at least 50 % of those calls failed, or when at least 50 % were slow — a slow call took more than
  2 seconds, whether it succeeded or not. A failed call is one that got no answer in time (3 seconds), could
  not connect, got an error answer (a server error, "too many requests", a rejected key), or got an answer
  that cannot be read. Only a refusal of the request itself — the search company has no index for the mart,
  or finds the request malformed — says nothing about its health and is not counted.

  While the breaker is open, searches are answered from our catalog at once and the search company is not
  called at all. After 30 seconds it is half-open: 3 probe searches go to the search company. If all 3
  succeed, the breaker closes; the first probe that fails or is slow opens it again for another 30 seconds.
  Every one of these numbers is a setting (see the README), and these scenarios use the defaults.

  # irrelevant "Mandarin jam", "4,500": the mart needs something to sell; the breaker never looks at what
  Background:
    Given the mart "Gangnam Fresh" sells:
      | product        | price |
      | Mandarin jam   | 4,500 |
    And the AI search company has indexed the products of "Gangnam Fresh"

  Rule: The breaker judges the last 20 calls, once at least 10 are in

    Scenario: 9 failures are not enough to judge
      Given the AI search company is down
      When a customer searches "Gangnam Fresh" for "jam" 9 times
      Then the search breaker is closed on every instance
      And the AI search company was called 9 times in all

    Scenario: The 10th failure opens the breaker
      Given the AI search company is down
      When a customer searches "Gangnam Fresh" for "jam" 10 times
      Then the search breaker is open on every instance
      When a customer searches "Gangnam Fresh" for "jam" 5 times
      Then the AI search company was called 10 times in all
      And each instance answered its customers:
        | instance | from the catalog | from the AI search | calls to the search company |
        | 1        | 15               | 0                  | 10                          |

    Scenario: 4 failures in 10 calls keep it closed
      Given the AI search company fails its next 4 calls
      When a customer searches "Gangnam Fresh" for "jam" 10 times
      Then the search breaker is closed on every instance
      And each instance answered its customers:
        | instance | from the catalog | from the AI search | calls to the search company |
        | 1        | 4                | 6                  | 10                          |

    Scenario: 5 failures in 10 calls open it
      Given the AI search company fails its next 5 calls
      # at least "10": the breaker opens at the 10th call, once it may judge; later searches do not reach the search company
      When a customer searches "Gangnam Fresh" for "jam" 10 times
      Then the search breaker is open on every instance
      And instance 1 logged that it opened the breaker because "5 of the last 10 calls failed (50 %)"

    Scenario: Only the last 20 calls count
      # irrelevant "20": with any run of 10 successes or more, the 10 failures that follow are half of the last 20 calls; counted over every call since the start, 20 successes would keep them under half
      When a customer searches "Gangnam Fresh" for "jam" 20 times
      And the AI search company is down
      And a customer searches "Gangnam Fresh" for "jam" 9 times
      Then the search breaker is closed on every instance
      When a customer searches "Gangnam Fresh" for "jam"
      Then the search breaker is open on every instance

    Scenario: A request the search company refuses as such is not a failure
      Given the AI search company has no index for "Gangnam Fresh"
      When a customer searches "Gangnam Fresh" for "jam" 12 times
      Then the search breaker is closed on every instance
      And each instance answered its customers:
        | instance | from the catalog | from the AI search | calls to the search company |
        | 1        | 12               | 0                  | 12                          |

  Rule: Slow calls open the breaker too, even when they succeed

    Scenario: Calls taking 2.5 seconds open it
      # irrelevant "2500": any answer slower than 2 seconds is a slow call; 2.5 seconds stands for all of them
      Given the AI search company answers after 2500 milliseconds
      When a customer searches "Gangnam Fresh" for "jam" 10 times
      Then the answer comes from the AI search
      And the search breaker is open on every instance
      And instance 1 logged that it opened the breaker because "10 of the last 10 calls were slower than 2000 ms (100 %)"

    Scenario: Calls taking exactly 2 seconds are not slow
      # at most "2000": a call of exactly 2 seconds is the slowest that is not slow; quicker ones are not slow either
      Given the AI search company answers after 2000 milliseconds
      When a customer searches "Gangnam Fresh" for "jam" 10 times
      Then the search breaker is closed on every instance
      And each instance answered its customers:
        | instance | from the catalog | from the AI search | calls to the search company |
        | 1        | 0                | 10                 | 10                          |

  Rule: After 30 seconds open, 3 probes decide

    Background:
      Given the AI search company is down
      # at least "10": the breaker opens at the 10th failed call; later searches do not reach the search company
      And a customer searches "Gangnam Fresh" for "jam" 10 times
      And the search breaker is open on every instance

    Scenario: Within 30 seconds the search company is left alone
      Given the AI search company is back
      # at most "29": a second short of the 30 seconds open; sooner, the search company is left alone too
      When 29 seconds pass
      And a customer searches "Gangnam Fresh" for "jam"
      Then the answer comes from the catalog
      And the AI search company was called 10 times in all

    Scenario: 3 successful probes close the breaker
      Given the AI search company is back
      # at least "30": the breaker is half-open once 30 seconds have passed, and stays so until its probes decide
      When 30 seconds pass
      And a customer searches "Gangnam Fresh" for "jam"
      Then the answer comes from the AI search
      And the search breaker is half-open on every instance
      When a customer searches "Gangnam Fresh" for "jam" 2 times
      Then the search breaker is closed on every instance
      And the AI search company was called 13 times in all

    Scenario: A failed probe opens it for another 30 seconds
      # at least "30": the breaker is half-open once 30 seconds have passed, and stays so until a probe decides
      When 30 seconds pass
      And a customer searches "Gangnam Fresh" for "jam"
      Then the search breaker is open on every instance
      And instance 1 logged that it opened the breaker because "a probe failed"
      # at most "29": a second short of the next 30 seconds open; sooner, the search company is left alone too
      When 29 seconds pass
      And a customer searches "Gangnam Fresh" for "jam" 3 times
      Then the AI search company was called 11 times in all
      And each instance answered its customers:
        | instance | from the catalog | from the AI search | calls to the search company |
        | 1        | 14               | 0                  | 11                          |

    Scenario: A slow probe opens it again
      Given the AI search company is back
      # irrelevant "2500": any answer slower than 2 seconds is a slow call; 2.5 seconds stands for all of them
      And the AI search company answers after 2500 milliseconds
      # at least "30": the breaker is half-open once 30 seconds have passed, and stays so until a probe decides
      When 30 seconds pass
      And a customer searches "Gangnam Fresh" for "jam"
      Then the answer comes from the AI search
      And the search breaker is open on every instance
