Feature: The payment company's access token is shared, renewed in time, and never leaked
  Every call to the payment company needs an access token, obtained with the platform's API key and secret.
  A token lives 30 minutes. The platform keeps one token and shares it: asking for a new token on every call
  would multiply the calls to the payment company, and a burst of customers would become a burst of token
  requests. A token with less than a minute to live is renewed before use. If the payment company refuses a
  token anyway, the platform asks for a token once more and repeats the call once — never in a loop.
  The key, the secret and the token never appear in the platform's logs.

  # irrelevant "2,900", "2": how the token is shared and renewed never depends on what the order holds or costs
  Background:
    Given the mart "Gangnam Fresh" sells:
      | product | price |
      | Milk 1L | 2,900 |
    And Jisoo is a customer
    And Jisoo has put 2 "Milk 1L" in the cart at "Gangnam Fresh"
    And Jisoo has placed an order at "Gangnam Fresh"
    And Jisoo has paid for the order in the payment window

  Rule: One token is shared by every call while it has more than a minute to live

    Scenario: A thousand payment checks at once share one token request
      Given the platform has just restarted and holds no token
      When 1,000 reports of Jisoo's payment arrive at once
      Then each of the 1,000 reports was answered with the order paid
      And since the restart the payment company was asked for an access token 1 time

    Scenario: A token is reused for 29 minutes
      # at most "29 minutes": a token is reused at any time before its last minute; 29 minutes is the last whole minute of that
      Given 29 minutes pass
      When Jisoo's app reports the payment
      Then Jisoo's order is paid
      And the payment company was asked:
        | request              | times |
        | for an access token  | 1     |
        | to expect a payment  | 1     |
        | for a payment        | 1     |

    Scenario: A token with less than a minute to live is renewed before use
      # at least "29": a token is renewed once it has less than a minute to live, and at any later time alike
      # irrelevant "30": any moment within the token's last minute is less than a minute to live
      Given 29 minutes and 30 seconds pass
      When Jisoo's app reports the payment
      Then Jisoo's order is paid
      And the payment company was asked for an access token 2 times

  Rule: A refused token is renewed once and the call repeated once

    Scenario: The payment company refuses the token once: a new token, one repeat, and the payment is verified
      Given the payment company will refuse the platform's token once
      When Jisoo's app reports the payment
      Then Jisoo's order is paid
      And the payment company was asked:
        | request              | times |
        | for an access token  | 2     |
        | to expect a payment  | 1     |
        | for a payment        | 2     |

    Scenario: The payment company refuses every token: one renewal, one repeat, then the order waits
      Given the payment company refuses every token
      When Jisoo's app reports the payment
      Then Jisoo's order is verification pending
      And the payment company was asked:
        | request              | times |
        | for an access token  | 2     |
        | to expect a payment  | 1     |
        | for a payment        | 2     |

  Rule: The key, the secret and the token stay out of the logs

    Scenario: Token requests carry the platform's own key, and no log line shows key, secret or token
      Given the payment company refuses every token
      When Jisoo's app reports the payment
      Then every token request carried the platform's API key and secret
      And the service log shows neither the API key, the API secret nor the access token
