@incident-breakers-disagreed
# irrelevant "is down": every way the search company can fail (down, hanging, unreachable, nonsense) is one failed call to the breaker; "is down" stands for all of them
# irrelevant "jam": the breaker counts calls to the search company and their outcomes, whatever the customer typed
Feature: Every instance of the platform shares one search breaker
  The incident "circuit breakers that disagreed": search runs on several instances, and each had a breaker of
  its own. When the search company went down, each instance had to learn it alone — by sending its own
  failing calls and making its own customers wait — so the failing company kept being called long after the
  first instance knew.

  Now the breaker is a fact of the whole cluster. When one instance opens it, it tells the others at once and
  they open too, without calling the search company themselves. An instance that starts later starts in the
  cluster's state. In half-open exactly one instance in the cluster sends the probes: it holds a lock that
  expires after 10 seconds, so a prober that died cannot hold the others up, and a prober that shuts down
  hands it back at once. Its result closes or opens the breaker everywhere. The calls of every instance are
  judged together, and a quorum (by default 1) says how many different instances must have seen failed or
  slow calls among them before the breaker opens for everyone, so one instance with a bad network cannot cut
  everyone off. If the shared state cannot be reached, each instance judges alone, says so once in its log,
  and search keeps working.

  The shared state lives in Redis (a message to every instance for each change, and the current state kept
  for instances that start later); without Redis, in this process.

  # irrelevant "Mandarin jam", "4,500": the mart needs something to sell; the breaker never looks at what
  Background:
    Given the mart "Gangnam Fresh" sells:
      | product        | price |
      | Mandarin jam   | 4,500 |
    And the AI search company has indexed the products of "Gangnam Fresh"

  Rule: When one instance opens the breaker, every instance opens

    Scenario: Three instances: one learns of the outage, the others follow without calling
      Given the platform runs on 3 instances
      And the AI search company is down
      When a customer searches "Gangnam Fresh" for "jam" 10 times on instance 1
      Then the search breaker is open on every instance
      When a customer searches "Gangnam Fresh" for "jam" 5 times on instance 2
      And a customer searches "Gangnam Fresh" for "jam" 5 times on instance 3
      Then the AI search company was called 10 times in all
      And each instance answered its customers:
        | instance | from the catalog | from the AI search | calls to the search company |
        | 1        | 10               | 0                  | 10                          |
        | 2        | 5                | 0                  | 0                           |
        | 3        | 5                | 0                  | 0                           |
      And instance 1 logged that it opened the breaker because "10 of the last 10 calls failed (100 %)"
      And the other instances logged that they followed instance 1 in opening the breaker

    Scenario: Four instances, customers on each in turn: the search company hears 10 calls, not 40
      Given the platform runs on 4 instances
      And the AI search company is down
      When customers search "Gangnam Fresh" for "jam" 3 times on each instance, one instance after another
      And customers search "Gangnam Fresh" for "jam" 3 times on each instance, one instance after another
      Then the search breaker is open on every instance
      And the AI search company was called 10 times in all
      And each instance answered its customers:
        | instance | from the catalog | from the AI search | calls to the search company |
        | 1        | 6                | 0                  | 3                           |
        | 2        | 6                | 0                  | 3                           |
        | 3        | 6                | 0                  | 3                           |
        | 4        | 6                | 0                  | 1                           |

    Scenario: The breaker status lists every running instance
      Given the platform runs on 2 instances
      And Minho runs the platform
      And the AI search company is down
      # at least "10": the breaker opens at the 10th failed call; later searches do not reach the search company
      When a customer searches "Gangnam Fresh" for "jam" 10 times on instance 1
      Then the search breaker is open on every instance
      And the breaker status shown to Minho by every instance lists:
        | instance | state | calls to the search company |
        | 1        | open  | 10                          |
        | 2        | open  | 0                           |
      When instance 2 shuts down
      Then the breaker status shown to Minho by every instance lists:
        | instance | state | calls to the search company |
        | 1        | open  | 10                          |

  Rule: Only the people who run the platform see the breaker status

    Scenario Outline: <who> is refused the breaker status
      Given Jisoo is a customer
      # irrelevant "Gangnam Fresh": a manager of any mart is refused; the status is for the people who run the platform
      And Hana manages the mart "Gangnam Fresh"
      When <who> asks instance 1 for the breaker status
      Then the request is refused with <status> <code>
      And the refusal explains itself

      Examples:
        | who                     | status | code            |
        | Jisoo                   | 403    | OPERATORS_ONLY  |
        | Hana                    | 403    | OPERATORS_ONLY  |
        | someone without a token | 401    | UNAUTHENTICATED |

  Rule: An instance that starts later starts in the cluster's state

    Scenario: A new instance starts open while the cluster is open
      Given the AI search company is down
      And a customer searches "Gangnam Fresh" for "jam" 10 times on instance 1
      When the platform runs on 2 instances
      Then the search breaker is open on every instance
      When a customer searches "Gangnam Fresh" for "jam" on instance 2
      Then the AI search company was called 10 times in all
      And each instance answered its customers:
        | instance | from the catalog | from the AI search | calls to the search company |
        | 1        | 10               | 0                  | 10                          |
        | 2        | 1                | 0                  | 0                           |

  Rule: In half-open exactly one instance probes, and its result holds everywhere

    Background:
      # at least "3": three instances show that exactly one probes; more would wait alike
      Given the platform runs on 3 instances
      And the AI search company is down
      # at least "10": the breaker opens at the 10th failed call; later searches do not reach the search company
      And a customer searches "Gangnam Fresh" for "jam" 10 times on instance 1
      And the search breaker is open on every instance
      # at least "30": the breaker is half-open once 30 seconds have passed, and stays so until the probes decide
      And 30 seconds pass

    Scenario: Customers on every instance at once: one instance probes, its success closes the breaker everywhere
      Given the AI search company is back
      # at least "3": three successful probes close the breaker; later searches find it closed
      When customers search "Gangnam Fresh" for "jam" 3 times on each instance, all at once
      Then exactly one instance probed, and its probes closed the breaker
      And the search breaker is closed on every instance
      And every customer got an answer

    Scenario: The prober's failure opens the breaker everywhere for another 30 seconds
      When a customer searches "Gangnam Fresh" for "jam" on instance 2
      Then the search breaker is open on every instance
      # at most "29": a second short of the next 30 seconds open; sooner, the search company is left alone too
      When 29 seconds pass
      And customers search "Gangnam Fresh" for "jam" 3 times on each instance, one instance after another
      Then the AI search company was called 11 times in all
      And each instance answered its customers:
        | instance | from the catalog | from the AI search | calls to the search company |
        | 1        | 13               | 0                  | 10                          |
        | 2        | 4                | 0                  | 1                           |
        | 3        | 3                | 0                  | 0                           |

    Scenario: While one instance probes, the others answer from the catalog
      Given the AI search company is back
      When a customer searches "Gangnam Fresh" for "jam" on instance 2
      Then the search breaker is half-open on every instance
      When a customer searches "Gangnam Fresh" for "jam" 2 times on instance 3
      Then the answer comes from the catalog
      When a customer searches "Gangnam Fresh" for "jam" 2 times on instance 2
      Then the search breaker is closed on every instance
      And the AI search company was called 13 times in all
      And each instance answered its customers:
        | instance | from the catalog | from the AI search | calls to the search company |
        | 1        | 10               | 0                  | 10                          |
        | 2        | 0                | 3                  | 3                           |
        | 3        | 2                | 0                  | 0                           |

    Scenario: A prober that dies is replaced once its lock expires (after 10 seconds)
      Given the AI search company is back
      When a customer searches "Gangnam Fresh" for "jam" on instance 3
      And instance 3 dies while probing
      And a customer searches "Gangnam Fresh" for "jam" on instance 2
      Then the answer comes from the catalog
      # at least "10": the dead prober's lock expires after 10 seconds; later, another instance may probe all the same
      When 10 seconds pass
      And a customer searches "Gangnam Fresh" for "jam" 3 times on instance 2
      Then the search breaker is closed on every instance
      And each instance answered its customers:
        | instance | from the catalog | from the AI search | calls to the search company |
        | 1        | 10               | 0                  | 10                          |
        | 2        | 1                | 3                  | 3                           |

    Scenario: A prober that shuts down hands the probing over at once
      Given the AI search company is back
      When a customer searches "Gangnam Fresh" for "jam" on instance 3
      And instance 3 shuts down while probing
      And a customer searches "Gangnam Fresh" for "jam" 3 times on instance 2
      Then the search breaker is closed on every instance
      And each instance answered its customers:
        | instance | from the catalog | from the AI search | calls to the search company |
        | 1        | 10               | 0                  | 10                          |
        | 2        | 0                | 3                  | 3                           |

  Rule: It takes a quorum of instances to open the breaker for everyone

    Scenario: With a quorum of 2, one instance's failures do not open the breaker
      Given the search breaker opens only when 2 instances agree
      # at least "2": two instances are needed for two to agree; more change nothing
      And the platform runs on 2 instances
      And the AI search company is down
      # at least "10": the breaker judges once it has seen 10 calls; more failures from the same instance are still 1 of 2 instances agreeing
      When a customer searches "Gangnam Fresh" for "jam" 10 times on instance 1
      Then the search breaker is closed on every instance
      And instance 1 logged that only 1 of 2 instances agree
      When a customer searches "Gangnam Fresh" for "jam" on instance 2
      Then the search breaker is open on every instance

  Rule: Without the shared state, each instance judges alone and search keeps working

    Scenario: The shared state cannot be reached
      Given the shared breaker state cannot be reached
      And the platform runs on 2 instances
      And the AI search company is down
      # at least "10": the breaker opens at the 10th failed call; later searches do not reach the search company
      When a customer searches "Gangnam Fresh" for "jam" 10 times on instance 1
      Then the search breaker is open on instance 1
      And the search breaker is closed on instance 2
      And each instance logged once that the shared state cannot be reached
      When a customer searches "Gangnam Fresh" for "jam" on instance 2
      Then the answer comes from the catalog
      And the AI search company was called 11 times in all: 10 by instance 1, 1 by instance 2
