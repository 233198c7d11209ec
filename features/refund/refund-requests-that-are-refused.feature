Feature: Refund requests that are refused
  Only the managers of the mart that delivered an order may refund it. A refund request must say why, name at
  least one product with a quantity of 1 or more, and carry at most 5 photos — real JPEG, PNG or WebP images
  of at most 10 MB each, whatever the file is called. A refused request leaves nothing behind: no refund, no
  refunded products, no kept photos, and no money moved.

  # irrelevant "2,900", "4,500", "2", "1", "Eggs 10": a refused request leaves nothing behind, whatever the order holds or costs
  Background:
    Given the mart "Gangnam Fresh" sells:
      | product | price |
      | Milk 1L | 2,900 |
      | Eggs 10 | 4,500 |
    And Hana manages the mart "Gangnam Fresh"
    And Minsu manages the mart "Hongdae Market"
    And Jisoo is a customer
    And Jisoo has put 2 "Milk 1L" in the cart at "Gangnam Fresh"
    And Jisoo has put 1 "Eggs 10" in the cart at "Gangnam Fresh"
    And Jisoo has placed an order at "Gangnam Fresh"
    And Jisoo has paid for the order in the payment window
    And Jisoo's app has reported the payment
    And Jisoo's order was delivered just now

  Rule: Only a manager of the order's mart may refund it

    Scenario: A manager of another mart cannot refund the order
      # irrelevant "1", "Milk 1L": a manager of another mart is refused whatever the request names
      When Minsu requests a refund of 1 "Milk 1L" from Jisoo's order with 1 photo
      Then the request is refused with 403 NOT_MART_MANAGER
      And nothing about a refund was saved
      And the payment company was asked to cancel a payment 0 times

    Scenario: The customer cannot refund the order herself
      # irrelevant "1", "Milk 1L": a customer is refused whatever the request names
      When Jisoo requests a refund of 1 "Milk 1L" from Jisoo's order
      Then the request is refused with 403 NOT_MART_MANAGER
      And nothing about a refund was saved

  Rule: A refund request that is not right is refused and leaves nothing behind

    Scenario Outline: <problem> is refused
      When Hana requests a refund of Jisoo's order with <problem>
      Then the request is refused with <status> <code>
      And the refusal explains itself
      And nothing about a refund was saved
      And the payment company was asked to cancel a payment 0 times

      # irrelevant "no products", "a quantity of -1": each row is one malformed request, and every one is refused with 400 VALIDATION_FAILED; the rows together name them all
      Examples:
        | problem                       | status | code                      |
        | a text file renamed photo.jpg | 415    | REFUND_IMAGE_NOT_AN_IMAGE |
        | 6 photos                      | 400    | REFUND_TOO_MANY_IMAGES    |
        | a photo of 11 MB              | 413    | REFUND_IMAGE_TOO_LARGE    |
        | no products                   | 400    | VALIDATION_FAILED         |
        | a quantity of 0               | 400    | VALIDATION_FAILED         |
        | a quantity of -1              | 400    | VALIDATION_FAILED         |
        | no reason                     | 400    | VALIDATION_FAILED         |
