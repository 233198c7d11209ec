@incident-two-refunds
Feature: One refund per order
  An order may be refunded once: one refund holds the products returned, their photos, and the money given back.
  This rule was broken once. The refund used to be guarded by a named lock while the photos were uploaded to
  object storage; one upload took longer than the lock lasted, the mart's app sent the same request again when
  its own wait ran out, and the order ended up with two refunds. Now the database itself refuses a second refund
  for an order, the app's repeated request is recognised by its idempotency key and answered with the refund
  already made, and no photo is uploaded while the request waits. A key is bound to what its request said:
  the same key on a different request is refused, so a client bug can never pass for a repeat.

  Background:
    Given the mart "Gangnam Fresh" sells:
      | product | price |
      | Milk 1L | 2,900 |
      | Eggs 10 | 4,500 |
    And Hana manages the mart "Gangnam Fresh"
    And Jisoo is a customer
    And Jisoo has put 2 "Milk 1L" in the cart at "Gangnam Fresh"
    And Jisoo has put 1 "Eggs 10" in the cart at "Gangnam Fresh"
    And Jisoo has placed an order at "Gangnam Fresh"
    And Jisoo has paid for the order in the payment window
    And Jisoo's app has reported the payment
    And Jisoo's order was delivered just now

  Rule: A request sent again is answered with the refund already made

    Scenario: The mart's app sends the same refund request twice
      Given Hana has requested a refund of 1 "Milk 1L" from Jisoo's order with 2 photos
      When the same refund request arrives again
      Then the answer is the refund already made
      And Jisoo's order has exactly one refund, for 1 product line and 2 photos
      And the refund of Jisoo's order comes to 2,900 won
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 1     |
        | to cancel a payment | 1     |

    Scenario: Fifty identical requests at once, while object storage is slower than any request, make one refund
      Given object storage takes longer to store a photo than any request may take
      When 50 identical requests from Hana for a refund of 1 "Milk 1L" from Jisoo's order with 2 photos arrive at once
      Then each of the 50 answers gave the same refund, and only the first created it
      And Jisoo's order has exactly one refund, for 1 product line and 2 photos
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 1     |
        | to cancel a payment | 1     |
      And the payment company was asked to cancel 2,900 won of Jisoo's payment, believing 10,300 won remained
      And the 2 photos of Jisoo's refund are kept safe, waiting to be uploaded

    Scenario: A repeat that crossed the first request is answered with the refund, not refused for its products
      Given Hana has requested a refund of 2 "Milk 1L" from Jisoo's order with 0 photos
      When the same refund request arrives again, having looked for a refund just before the first one was saved
      Then the answer is the refund already made
      And Jisoo's order has exactly one refund, for 1 product line and 0 photos
      And the refund of Jisoo's order comes to 5,800 won
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 1     |
        | to cancel a payment | 1     |

    Scenario: The same idempotency key on a different request is refused, not taken for a repeat
      Given Hana has requested a refund of 1 "Milk 1L" from Jisoo's order with 1 photo
      # irrelevant "1", "Eggs 10": any request that says something else than the first is refused under its key
      When Hana requests a refund of 1 "Eggs 10" from Jisoo's order with the same idempotency key
      Then the request is refused with 422 IDEMPOTENCY_KEY_REUSED
      And the refusal explains itself
      And Jisoo's order has exactly one refund, for 1 product line and 1 photo
      And the refund of Jisoo's order comes to 2,900 won
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 1     |
        | to cancel a payment | 1     |

  Rule: A different refund for an order that already has one is refused

    Scenario: A second, different refund for the same order
      Given Hana has requested a refund of 1 "Milk 1L" from Jisoo's order with 1 photo
      # irrelevant "1", "Eggs 10": an order that has a refund refuses any other, whatever it names
      When Hana requests a refund of 1 "Eggs 10" from Jisoo's order
      Then the request is refused with 409 REFUND_ALREADY_EXISTS
      And the refusal explains itself
      And Jisoo's order has exactly one refund, for 1 product line and 1 photo
      And the refund of Jisoo's order comes to 2,900 won
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 1     |
        | to cancel a payment | 1     |
