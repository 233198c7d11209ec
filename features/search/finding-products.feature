# irrelevant "is down": outside the outline below, "is down" stands for any way the search company can fail; the outline proves each way gets the same catalog answer
Feature: Customers find a mart's products by what they type
  A customer types what they are looking for and sees the mart's products that match, best match first. The
  ranking comes from our AI search company; we show only what the mart has on sale today, at today's
  prices, in the order the search company ranked them. Each answer says where it came from: "ai" when the
  search company ranked it, "fallback" when our own catalog answered instead.

  When the search company cannot help (it fails, answers nonsense, or does not answer within the time limit —
  3 seconds; shortened in these scenarios so nobody waits), the customer still gets an answer: the mart's
  on-sale products whose name contains every word typed, in Korean or English, upper or lower case, in name
  order.

  Background:
    Given the mart "Gangnam Fresh" sells:
      | product                 | price | on sale |
      | Fresh mandarins 1kg     | 8,900 | yes     |
      | Mandarin jam            | 4,500 | yes     |
      # irrelevant "9,900": this product is off sale, so no answer ever shows its price
      | Frozen mandarin 1kg     | 9,900 | no      |
      | Kimchi mandu            | 6,500 | yes     |
      | 딸기 우유               | 1,800 | yes     |
      | 서울우유 1L             | 2,900 | yes     |
    And the AI search company has indexed the products of "Gangnam Fresh"

  Rule: The search company ranks; the customer sees on-sale products of this mart in that order

    Scenario: The best match comes first
      When a customer searches "Gangnam Fresh" for "fresh mandarin jam"
      Then the answer comes from the AI search
      And the customer sees, in this order:
        | product             | price |
        | Mandarin jam        | 4,500 |
        | Fresh mandarins 1kg | 8,900 |

    Scenario: A product taken off sale is not shown, even when the search company ranks it first
      When a customer searches "Gangnam Fresh" for "frozen mandarin"
      Then the answer comes from the AI search
      And the search company ranked "Frozen mandarin 1kg" first, which the customer is not shown
      And the customer sees, in this order:
        | product        | price |
        | Mandarin jam   | 4,500 |

    Scenario: Another mart's product is never shown, even when the search company's index lists it
      # irrelevant "25,000": the other mart's product must never be shown, whatever it costs
      Given the mart "Mapo Market" sells:
        | product          | price |
        | Mandarin cake    | 25,000 |
      And the AI search company's index of "Gangnam Fresh" also lists "Mandarin cake" of "Mapo Market"
      When a customer searches "Gangnam Fresh" for "mandarin cake"
      Then the answer comes from the AI search
      And the search company ranked "Mandarin cake" first, which the customer is not shown
      And the customer sees, in this order:
        | product        | price |
        | Mandarin jam   | 4,500 |

    Scenario: A search that names nothing the mart sells finds nothing
      When a customer searches "Gangnam Fresh" for "pineapple"
      Then the answer comes from the AI search
      And the customer is shown no product

    Scenario: A customer must type something
      When a customer searches "Gangnam Fresh" for "  "
      Then the search is refused with "VALIDATION_FAILED"
      And the AI search company was called 0 times in all

  Rule: When the search company cannot help, our catalog answers by name

    Scenario Outline: The search company <trouble>: the catalog answers instead
      Given the AI search company <fault>
      When a customer searches "Gangnam Fresh" for "Mand"
      Then the answer comes from the catalog
      And the customer sees, in this order:
        | product                 | price |
        | Fresh mandarins 1kg     | 8,900 |
        | Kimchi mandu            | 6,500 |
        | Mandarin jam            | 4,500 |
      And the AI search company was called 1 time in all

      # irrelevant "is down", "hangs", "cannot be reached", "answers nonsense": each row names one way the search company fails; the catalog answers the same whichever way it failed
      Examples:
        | trouble                             | fault                 |
        | is down                             | is down               |
        | does not answer in time             | hangs                 |
        | cannot be reached                   | cannot be reached     |
        | answers with a broken body          | answers nonsense      |

    Scenario: The catalog's name match works for Korean
      Given the AI search company is down
      When a customer searches "Gangnam Fresh" for "우유"
      Then the answer comes from the catalog
      And the customer sees, in this order:
        | product     | price |
        | 딸기 우유   | 1,800 |
        | 서울우유 1L | 2,900 |

    Scenario: The catalog's name match needs every word typed
      Given the AI search company is down
      When a customer searches "Gangnam Fresh" for "JAM mandarin"
      Then the answer comes from the catalog
      And the customer sees, in this order:
        | product        | price |
        | Mandarin jam   | 4,500 |
