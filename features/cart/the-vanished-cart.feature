@incident-cart-vanished
Feature: A cart never vanishes while it is being changed
  The incident: when carts moved from the app's own cache to Redis, saving a cart went through a generic
  repository that deleted the cart and wrote it again. A read that landed between the two saw no cart at all,
  and customers watched their carts vanish and come back. Every cart change is now one atomic step on the
  stored cart; nothing ever deletes a cart to rewrite it.

  This policy is proven against real Redis in the real-backend run, and against the in-memory store in the
  embedded run.

  Rule: Reads during changes always see the whole cart

    Scenario: Two hundred changes and reads at once never show an empty or partial cart
      Given the mart "Gangnam Fresh" sells 20 products named "Item 1" to "Item 20"
      And Jisoo is a customer
      And Jisoo has put one each of "Item 1" to "Item 10" in the cart at "Gangnam Fresh"
      When Jisoo's app sends these 200 requests to the cart at "Gangnam Fresh" all at once, interleaved:
        | requests | action          | products             | quantity |
        | 50       | view the cart   |                      |          |
        | 50       | add             | "Item 11" to "Item 20" | 1        |
        | 50       | add             | "Item 6" to "Item 10"  | 1        |
        | 50       | change quantity | "Item 1" to "Item 5"   | 7        |
      Then every one of the 200 requests succeeded
      And every cart the app was shown held at least what the cart held before
      And Jisoo's cart at "Gangnam Fresh" holds:
        | product | quantity |
        | Item 1  | 7        |
        | Item 2  | 7        |
        | Item 3  | 7        |
        | Item 4  | 7        |
        | Item 5  | 7        |
        | Item 6  | 11       |
        | Item 7  | 11       |
        | Item 8  | 11       |
        | Item 9  | 11       |
        | Item 10 | 11       |
        | Item 11 | 5        |
        | Item 12 | 5        |
        | Item 13 | 5        |
        | Item 14 | 5        |
        | Item 15 | 5        |
        | Item 16 | 5        |
        | Item 17 | 5        |
        | Item 18 | 5        |
        | Item 19 | 5        |
        | Item 20 | 5        |
