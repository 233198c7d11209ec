Feature: Only its customer can see or change a cart, and bad requests change nothing
  A cart belongs to the customer who signed in. The customer is whoever their signed bearer token proves:
  no request can name somebody else's cart, and a token that is forged or expired opens nothing.
  A request the platform cannot accept is refused with a stable error code and a message a person can read,
  and the cart is left exactly as it was. Text holding a character nobody types (a hidden NUL, half of an
  emoji) is refused before anything is looked up: the database would refuse or alter it after work was done.

  # irrelevant "2,900", "1,800": who may see or change a cart does not depend on what anything costs
  Background:
    Given the mart "Gangnam Fresh" sells:
      | product | price |
      | Milk 1L | 2,900 |
    And the mart "Mapo Market" sells:
      | product | price |
      | Tofu    | 1,800 |
    And Jisoo is a customer
    And Minho is a customer
    And Jisoo has put 2 "Milk 1L" in the cart at "Gangnam Fresh"

  Rule: A customer can never read or change another customer's cart

    Scenario: Another customer sees only their own cart at the same mart
      When Minho looks at the cart at "Gangnam Fresh"
      Then Minho was shown an empty cart at "Gangnam Fresh"
      And Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Milk 1L | 2        |

    Scenario: Another customer's changes land in their own cart
      When Minho adds 1 "Milk 1L" to the cart at "Gangnam Fresh"
      Then Minho's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Milk 1L | 1        |
      And Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Milk 1L | 2        |
      When Minho empties the cart at "Gangnam Fresh"
      Then Minho has no carts
      And Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Milk 1L | 2        |

    Scenario: A token signed with a key the platform does not know is refused
      # irrelevant "Jisoo": a forged token opens nothing, whoever it claims to be; it names Jisoo so that a platform trusting it would change the cart checked below
      When someone adds "Milk 1L" to the cart at "Gangnam Fresh" with a token forged for Jisoo
      Then the request is refused with 401 UNAUTHENTICATED
      And Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Milk 1L | 2        |

    Scenario: An expired token is refused
      Given Jisoo's app signed in more than an hour ago and has not signed in since
      When Jisoo's app adds "Milk 1L" to the cart at "Gangnam Fresh" with that old token
      Then the request is refused with 401 UNAUTHENTICATED
      And Jisoo's cart at "Gangnam Fresh" is unchanged

    Scenario: A request without a token is refused
      When someone adds "Milk 1L" to the cart at "Gangnam Fresh" without a token
      Then the request is refused with 401 UNAUTHENTICATED
      And Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Milk 1L | 2        |

    Scenario: A mart manager cannot use a customer's cart
      # irrelevant "Gangnam Fresh": a manager is refused every customer's cart, even at the mart she manages
      Given Hana manages the mart "Gangnam Fresh"
      When Hana adds "Milk 1L" to a cart at "Gangnam Fresh"
      Then the request is refused with 403 CUSTOMERS_ONLY

  Rule: Bad input gets a clear error and changes nothing

    Scenario Outline: A bad add request is refused: <problem>
      When Jisoo sends a cart request with <problem> to "Gangnam Fresh"
      Then the request is refused with <status> <code>
      And the refusal explains itself
      And Jisoo's cart at "Gangnam Fresh" is unchanged

      # irrelevant "a quantity of 1.5", "a quantity of -1", "a quantity of 0", "a price of its own", "a product holding a hidden NUL character": each row is one bad request; another bad request the platform refuses with the same status and code holds that row just as well
      Examples:
        | problem                                  | status | code               |
        | a quantity of 1.5                        | 400    | VALIDATION_FAILED  |
        | a quantity of -1                         | 400    | VALIDATION_FAILED  |
        | a quantity of 0                          | 400    | VALIDATION_FAILED  |
        | a quantity written as text               | 400    | VALIDATION_FAILED  |
        | no quantity                              | 400    | VALIDATION_FAILED  |
        | a price of its own                       | 400    | VALIDATION_FAILED  |
        | an unknown product                       | 404    | PRODUCT_NOT_FOUND  |
        | malformed JSON                           | 400    | MALFORMED_JSON     |
        | a 20 KB body                             | 413    | BODY_TOO_LARGE     |
        | a product holding a hidden NUL character | 400    | INVALID_CHARACTERS |
        | a product holding half an emoji          | 400    | INVALID_CHARACTERS |

    Scenario: A cart at a mart that does not exist is refused
      # irrelevant "Jisoo": a mart that does not exist is refused whoever asks
      When Jisoo adds "Milk 1L" to a cart at a mart that does not exist
      Then the request is refused with 404 MART_NOT_FOUND
      And Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Milk 1L | 2        |

    Scenario: Removing a product that is not in the cart is refused
      When Jisoo removes "Tofu" from the cart at "Mapo Market"
      Then the request is refused with 404 LINE_NOT_FOUND
      And Jisoo's cart at "Mapo Market" is unchanged
      And Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Milk 1L | 2        |
