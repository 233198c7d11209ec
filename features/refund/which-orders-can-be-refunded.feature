Feature: Which orders can be refunded, and for how much
  A refund gives back money for products that reached the customer and were not right. So only a delivered
  order can be refunded, and only for a while after delivery: 7 days. A refund names products of the order and
  how many of each; it comes to the price the customer paid for them, whatever the mart charges today, and it
  never gives back more than is left of the payment.

  Background:
    Given the mart "Gangnam Fresh" sells:
      | product | price |
      | Milk 1L | 2,900 |
      | Eggs 10 | 4,500 |
      # irrelevant "1,800": Tofu is never ordered, so its price never reaches a refund
      | Tofu    | 1,800 |
    And Hana manages the mart "Gangnam Fresh"
    And Jisoo is a customer
    And Jisoo has put 2 "Milk 1L" in the cart at "Gangnam Fresh"
    And Jisoo has put 1 "Eggs 10" in the cart at "Gangnam Fresh"
    And Jisoo has placed an order at "Gangnam Fresh"
    And Jisoo has paid for the order in the payment window
    And Jisoo's app has reported the payment

  Rule: Only a delivered order can be refunded, up to 7 days after delivery

    Scenario: An order that has not been delivered cannot be refunded
      # irrelevant "1": an order not yet delivered is refused whatever quantity the request names
      When Hana requests a refund of 1 "Milk 1L" from Jisoo's order
      Then the request is refused with 409 REFUND_ORDER_NOT_DELIVERED
      And the refusal explains itself
      And nothing about a refund was saved

    Scenario: On the last day of the refund window the refund is accepted
      # at most "7 days": a refund is accepted up to the moment 7 days have passed since delivery, and at any earlier moment alike
      Given Jisoo's order was delivered 7 days ago
      When Hana requests a refund of 1 "Milk 1L" from Jisoo's order
      Then the refund is accepted
      And the refund of Jisoo's order comes to 2,900 won

    Scenario: After 7 days the refund window is closed
      # at least "7 days and 1 hour": once more than 7 days have passed since delivery the window is closed, at any later moment alike
      Given Jisoo's order was delivered 7 days and 1 hour ago
      # irrelevant "1": a closed window refuses whatever quantity the request names
      When Hana requests a refund of 1 "Milk 1L" from Jisoo's order
      Then the request is refused with 409 REFUND_WINDOW_CLOSED
      And the refusal explains itself
      And nothing about a refund was saved

  Rule: A refund comes to the price paid for the products returned

    Scenario: The refund amount is the unit price paid times the quantity returned
      Given Jisoo's order was delivered just now
      # irrelevant "Milk 1L", "3,500": the refund comes to the price paid; what the mart charges today, for this product or any other, never reaches it
      And the mart "Gangnam Fresh" changes the price of "Milk 1L" to 3,500 won
      When Hana requests a refund from Jisoo's order of:
        | product | quantity |
        | Milk 1L | 2        |
        | Eggs 10 | 1        |
      Then the refund is accepted
      And the refund of Jisoo's order holds:
        | product | quantity | unit price | amount |
        | Eggs 10 | 1        | 4,500      | 4,500  |
        | Milk 1L | 2        | 2,900      | 5,800  |
      And the refund of Jisoo's order comes to 10,300 won
      And the payment company was asked to cancel 10,300 won of Jisoo's payment, believing 10,300 won remained

    Scenario: A product that is not part of the order cannot be refunded
      Given Jisoo's order was delivered just now
      # irrelevant "1": a product that is not part of the order is refused in any quantity
      When Hana requests a refund of 1 "Tofu" of "Gangnam Fresh" from Jisoo's order
      Then the request is refused with 422 REFUND_PRODUCT_NOT_IN_ORDER
      And nothing about a refund was saved

    Scenario: More of a product than was ordered cannot be refunded
      Given Jisoo's order was delivered just now
      # at least "3": Jisoo ordered 2, so 3 is the first quantity too many, and any more is refused alike
      When Hana requests a refund of 3 "Milk 1L" from Jisoo's order
      Then the request is refused with 422 REFUND_QUANTITY_EXCEEDS_ORDERED
      And the refusal explains itself
      And nothing about a refund was saved

  Rule: A refund never gives back more than is left of the payment

    Scenario: Part of the payment was already cancelled
      Given Jisoo's order was delivered just now
      And Hana has cancelled 2,900 won of Jisoo's order because "Milk 1L was out of stock"
      When Hana requests a refund from Jisoo's order of:
        | product | quantity |
        | Milk 1L | 2        |
        | Eggs 10 | 1        |
      Then the request is refused with 422 REFUND_EXCEEDS_REMAINING
      And the refusal explains itself
      And nothing about a refund was saved
      And Jisoo's order has this cancel history:
        | amount | believed remaining | reason                   |
        | 2,900  | 10,300             | Milk 1L was out of stock |
      And the payment company was asked:
        | request             | times |
        | for an access token | 1     |
        | to expect a payment | 1     |
        | for a payment       | 1     |
        | to cancel a payment | 1     |
