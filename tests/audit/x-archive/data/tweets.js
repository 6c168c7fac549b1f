window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : { "initial" : { "editTweetIds" : [ "1850000000000000001" ], "editableUntil" : "2026-11-16T01:05:00.000Z", "editsRemaining" : "5", "isEditEligible" : true } },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ ], "urls" : [ ] },
      "display_text_range" : [ "0", "22" ],
      "favorite_count" : "3",
      "id_str" : "1850000000000000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1850000000000000001",
      "created_at" : "Mon Nov 16 00:35:12 +0000 2026",
      "favorited" : false,
      "full_text" : "朝の通勤電車、今日も満員でした &amp; 雨",
      "lang" : "ja"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ ], "urls" : [ ] },
      "favorite_count" : "0",
      "id_str" : "1850000000000000002",
      "id" : "1850000000000000002",
      "created_at" : "Mon Nov 16 05:20:00 +0000 2026",
      "full_text" : "ここだけの話、来年度の人事異動の内示が出た",
      "lang" : "ja"
    }
  },
  {
    "tweet" : {
      "id_str" : "1850000000000000003",
      "id" : "1850000000000000003",
      "created_at" : "Wed Nov 18 13:05:00 +0000 2026",
      "full_text" : "拡散希望!駅前の銀行が倒産するらしい",
      "lang" : "ja"
    }
  },
  {
    "tweet" : {
      "id_str" : "1850000000000000004",
      "id" : "1850000000000000004",
      "created_at" : "Thu Nov 19 02:10:00 +0000 2026",
      "lang" : "ja"
    }
  },
  {
    "tweet" : {
      "id_str" : "1850000000000000005",
      "id" : "1850000000000000005",
      "created_at" : "Sat Nov 21 03:00:00 +0000 2026",
      "full_text" : "週末は &lt;図書館&gt; で読書。良い天気",
      "lang" : "ja"
    }
  },
  {
    "tweet" : {
      "id_str" : "1850000000000000006",
      "id" : "1850000000000000006",
      "created_at" : "Tue Dec 01 01:30:00 +0000 2026",
      "full_text" : "窓口に来たあの住民、本当にバカだった",
      "lang" : "ja"
    }
  }
]
