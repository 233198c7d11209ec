@incident-fallback-never-ran
Feature: When the payment company does not answer, the order waits — it is never guessed
  The incident: every call to the payment company needs an access token first. Our calls were wrapped in
  retries, with a fallback to run once the retries ran out: put the payment aside for a later check instead of
  failing the customer. During an outage of the payment company the retries ran out and the fallback never ran —
  the framework looked it up by name, and a language detail meant it never found it. Customers whose money had
  been taken were told their payment had failed.

  So these policies prove the fallback runs. A call that gets no answer (the connection fails, the payment
  company answers with a server error, or it does not answer in time) is tried 3 times in all, with a short,
  growing, randomised pause in between; a refusal is never repeated. When the tries run out, the order becomes
  *verification pending* and joins the reconciliation queue, and the customer is told we are still checking.
  The reconciliation job checks queued orders again later. An order is never marked paid or failed on a guess.

  # irrelevant "2,900", "2": whether the payment company answers, and what the platform does when it does not, never depends on what the order holds or costs
  Background:
    Given the mart "Gangnam Fresh" sells:
      | product | price |
      | Milk 1L | 2,900 |
    And Jisoo is a customer
    And Jisoo has put 2 "Milk 1L" in the cart at "Gangnam Fresh"
    And Jisoo has placed an order at "Gangnam Fresh"
    And Jisoo has paid for the order in the payment window

  Rule: A call without an answer is tried 3 times; then the fallback runs and the order waits for reconciliation

    Scenario Outline: <what happens> three times: the order waits, and Jisoo is told we are still checking
      Given <fault>
      When Jisoo's app reports the payment
      Then the answer is 202
      And Jisoo's order is verification pending
      And Jisoo is told "We are confirming your payment with the payment company. This can take a few minutes; you will not be charged twice."
      And Jisoo's order is queued for reconciliation
      And the payment company was asked:
        | request              | times |
        | for an access token  | 1     |
        | to expect a payment  | 1     |
        | for a payment        | 3     |

      Examples:
        | what happens                                  | fault                                          |
        | The payment company answers with server errors | the payment company is down                    |
        | The connection to the payment company fails    | the connection to the payment company fails    |
        | The payment company does not answer in time    | the payment company stops answering in time    |

    Scenario: The gateway answers on the last try: no fallback is needed
      Given the payment company fails the next 2 calls with server errors
      When Jisoo's app reports the payment
      Then Jisoo's order is paid
      And the payment company was asked for a payment 3 times

  Rule: A refusal is an answer: it is never repeated

    Scenario: A payment the payment company does not know is refused after one question
      When Jisoo's app reports a payment the payment company does not know
      Then the request is refused with 422 PAYMENT_NOT_FOUND
      And Jisoo's order is awaiting payment
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 1     |

  Rule: The reconciliation job settles waiting orders once the payment company answers

    Scenario: After the outage the reconciliation job finds the payment and the order becomes paid
      Given the payment company is down
      And Jisoo's app has reported the payment
      And the payment company is back
      When the reconciliation job runs
      Then Jisoo's order is paid
      And Jisoo's order is no longer queued for reconciliation

    Scenario: While the outage lasts the order keeps waiting, neither paid nor failed
      Given the payment company is down
      And Jisoo's app has reported the payment
      When the reconciliation job runs
      Then Jisoo's order is verification pending
      And Jisoo's order is queued for reconciliation after 2 attempts

    Scenario: A waiting payment the payment company turns out not to know sends the order back to awaiting payment
      Given the payment company is down
      And Jisoo's app reports a payment the payment company does not know
      And the payment company is back
      When the reconciliation job runs
      Then Jisoo's order is awaiting payment
      And Jisoo's order is no longer queued for reconciliation
