Feature: Carts expire after 30 days without change
  A cart left alone is a cart forgotten: after 30 days without any change it is gone, and the storage frees it
  by itself. Every change — adding, changing a quantity, removing a line — starts the 30 days again. Looking
  at a cart is not a change. The 30 days are a setting.

  # irrelevant "2,900", "4,500": how long a cart lives does not depend on what its products cost
  Background:
    Given the mart "Gangnam Fresh" sells:
      | product | price |
      | Milk 1L | 2,900 |
      | Eggs 10 | 4,500 |
    And Jisoo is a customer

  Rule: A cart untouched for 30 days is gone

    Scenario: A cart is still there just before 30 days have passed, and gone once they have
      Given Jisoo has put 2 "Milk 1L" in the cart at "Gangnam Fresh"
      When 29 days and 23 hours pass
      Then Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Milk 1L | 2        |
      And Jisoo's cart at "Gangnam Fresh" shows it expires 1 hour from now
      When the time it shows passes
      Then Jisoo's cart at "Gangnam Fresh" is empty
      And Jisoo has no carts

    Scenario: Looking at a cart does not keep it alive
      Given Jisoo has a cart at "Gangnam Fresh"
      And 20 days pass
      When Jisoo looks at the cart at "Gangnam Fresh"
      Then Jisoo's cart at "Gangnam Fresh" shows it expires 10 days from now

    Scenario: The storage drops a cart on its own 30 days after the last change
      When Jisoo adds 1 "Milk 1L" to the cart at "Gangnam Fresh"
      Then Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Milk 1L | 1        |
      And Jisoo's cart at "Gangnam Fresh" shows it expires 30 days from now
      And the cart storage itself will drop Jisoo's cart at "Gangnam Fresh" 30 days from now

  # irrelevant "20 days", "1", "Eggs 10", "5": a change renews the cart whichever day before its end it comes, and whatever it changes; the rows only name the kind of change
  Rule: Every change starts the 30 days again

    Scenario Outline: A cart changed on day 20 lives until day 50
      Given Jisoo has put "Milk 1L" in the cart at "Gangnam Fresh"
      And 20 days pass
      When Jisoo <changes the cart>
      And 29 days pass
      Then Jisoo's cart at "Gangnam Fresh" is not empty
      And Jisoo's cart at "Gangnam Fresh" shows it expires 1 day from now

      Examples:
        | changes the cart                                    |
        | adds 1 "Eggs 10" to the cart at "Gangnam Fresh"     |
        | changes the quantity of "Milk 1L" at "Gangnam Fresh" to 5 |

    Scenario: Removing one line of two renews the cart
      Given Jisoo has put 2 "Milk 1L" in the cart at "Gangnam Fresh"
      And Jisoo has put 1 "Eggs 10" in the cart at "Gangnam Fresh"
      And 20 days pass
      When Jisoo removes "Eggs 10" from the cart at "Gangnam Fresh"
      And 29 days pass
      Then Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Milk 1L | 2        |
      And Jisoo's cart at "Gangnam Fresh" shows it expires 1 day from now

  Rule: The expiry is a setting

    Scenario: With a 7-day setting a cart is gone after 7 days
      Given carts expire after 7 days without change
      And Jisoo has a cart at "Gangnam Fresh"
      Then Jisoo's cart at "Gangnam Fresh" shows it expires 7 days from now
      When the time it shows passes
      Then Jisoo's cart at "Gangnam Fresh" is empty
