Feature: One cart per mart
  A customer shops at many local marts, and each mart packs and delivers its own order. So a customer keeps a
  separate cart at every mart they shop at, and what happens in one cart never touches another.

  Background:
    Given the mart "Gangnam Fresh" sells:
      | product | price |
      | Milk 1L | 2,900 |
    And the mart "Mapo Market" sells:
      | product | price |
      | Tofu    | 1,800 |
    And Jisoo is a customer

  Rule: A customer has one cart per mart

    Scenario: Adding at one mart never touches the cart at another
      Given Jisoo has put 2 "Milk 1L" in the cart at "Gangnam Fresh"
      When Jisoo adds 1 "Tofu" to the cart at "Mapo Market"
      Then Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity | price | line total |
        | Milk 1L | 2        | 2,900 | 5,800      |
      And Jisoo's cart at "Mapo Market" holds:
        | product | quantity | price | line total |
        | Tofu    | 1        | 1,800 | 1,800      |

    Scenario: A customer sees every cart they have, one per mart
      Given Jisoo has put 2 "Milk 1L" in the cart at "Gangnam Fresh"
      When Jisoo adds 3 "Tofu" to the cart at "Mapo Market"
      Then Jisoo has these carts:
        | mart          | lines | total |
        | Gangnam Fresh | 1     | 5,800 |
        | Mapo Market   | 1     | 5,400 |

    Scenario: Emptying the cart at one mart leaves the other cart alone
      Given Jisoo has a cart at "Gangnam Fresh"
      And Jisoo has put 3 "Tofu" in the cart at "Mapo Market"
      When Jisoo empties the cart at "Gangnam Fresh"
      Then Jisoo's cart at "Gangnam Fresh" is empty
      And Jisoo's cart at "Mapo Market" holds:
        | product | quantity |
        | Tofu    | 3        |

    Scenario: Removing the last line leaves no cart behind
      Given Jisoo has put "Milk 1L" in the cart at "Gangnam Fresh"
      And Jisoo has put 3 "Tofu" in the cart at "Mapo Market"
      When Jisoo removes "Milk 1L" from the cart at "Gangnam Fresh"
      Then Jisoo has these carts:
        | mart        | lines | total |
        | Mapo Market | 1     | 5,400 |
