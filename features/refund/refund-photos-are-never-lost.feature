@incident-two-refunds
Feature: Refund photos are never lost
  A mart sends photos of what was wrong with a delivery together with the refund. After the incident of the two
  refunds, uploading the photos was moved out of the request into a background task — and photos went missing:
  the task read the uploaded file from a temporary place that was gone once the request had ended. Now every
  photo is copied into the platform's database, together with the refund, before the mart is answered; a refund
  worker uploads the kept photos to object storage, tries again later when object storage is down, and marks
  each photo uploaded with the place it is stored. A photo always goes to the same place, so a photo tried
  twice is still stored once.

  # irrelevant "2,900", "4,500", "2", "1", "Eggs 10": how a refund's photos are kept and uploaded never depends on what the order holds or costs
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

  Rule: Photos are kept safe before the mart is answered, and uploaded afterwards

    Scenario: The refund worker uploads the photos of a refund
      # irrelevant "1", "Milk 1L": the photos are kept and uploaded the same whatever product the refund names
      When Hana requests a refund of 1 "Milk 1L" from Jisoo's order with 3 photos
      Then the refund is accepted
      And the 3 photos of Jisoo's refund are kept safe, waiting to be uploaded
      And object storage holds no photos
      When the refund worker runs
      Then object storage holds the 3 photos of Jisoo's refund, each stored exactly once
      And the photos of Jisoo's refund are no longer staged

  Rule: Object storage being down delays photos, it never loses them

    Scenario: Object storage is down for a while, then back
      Given object storage is down
      # irrelevant "1", "Milk 1L": the photos are kept and uploaded the same whatever product the refund names
      And Hana has requested a refund of 1 "Milk 1L" from Jisoo's order with 2 photos
      And the refund worker has run
      # irrelevant "1 minute": while object storage is down the photos stay kept, however often the worker tries in the meantime
      And 1 minute passes
      And the refund worker has run
      When object storage is back
      # irrelevant "10 minutes": longer than the refund worker ever waits between two tries (5 minutes at most), so its next run tries again
      And 10 minutes pass
      And the refund worker runs
      Then object storage holds the 2 photos of Jisoo's refund, each stored exactly once
      And the photos of Jisoo's refund are no longer staged

    Scenario: The platform restarts while photos are waiting to be uploaded
      Given object storage is down
      # irrelevant "1", "Milk 1L": the photos are kept and uploaded the same whatever product the refund names
      And Hana has requested a refund of 1 "Milk 1L" from Jisoo's order with 2 photos
      And the refund worker has run
      And the platform restarts
      When object storage is back
      # irrelevant "10 minutes": longer than the refund worker ever waits between two tries (5 minutes at most), so its next run tries again
      And 10 minutes pass
      And the refund worker runs
      Then object storage holds the 2 photos of Jisoo's refund, each stored exactly once
      And the photos of Jisoo's refund are no longer staged
