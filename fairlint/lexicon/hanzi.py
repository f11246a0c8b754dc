"""Traditional Chinese characters and their simplified forms, for matching phrases.

Chinese text is matched after turning traditional characters into simplified
ones, one character for one (so positions in the text do not move), and the
phrases are turned the same way: a phrase list written in simplified Chinese
finds "限時優惠" as well as "限时优惠". The table covers the characters of
sales and marketing language (prices, discounts, delivery, service, urgency,
everyday shop talk); a character it does not know is left as written, so a
phrase still finds its own spelling.
"""

from __future__ import annotations

# Pairs "traditional simplified", separated by spaces.
_PAIRS = """
價价 優优 銷销 買买 賣卖 貨货 運运 費费 現现 時时 間间 會会 員员 戶户 顧顾 問问 題题 還还 嗎吗 麼么
這这 個个 們们 說说 話话 請请 謝谢 務务 質质 證证 維维 護护 專专 業业 議议 設设 計计 適适 體体 驗验
長长 選选 擇择 關关 係系 繫系 級级 陞升 購购 搶抢 機机 後后 過过 錯错 馬马 決决 僅仅 隻只 結结 將将
漲涨 減减 錢钱 塊块 劃划 動动 節节 慶庆 禮礼 贈赠 郵邮 發发 達达 內内 覆复 復复 應应 聯联 絡络 電电
確确 絕绝 對对 從从 來来 準准 總总 遠远 無无 論论 為为 別别 東东 幫帮 願愿 歡欢 試试 碼码 顏颜 場场
預预 貴贵 讓让 給给 帶带 換换 壞坏 額额 夠够 猶犹 門门 樣样 種种 類类 號号 單单 兩两 實实 際际 寫写
讀读 學学 習习 書书 愛爱 趕赶 緊紧 熱热 斷断 庫库 餘余 鐘钟 點点 數数 週周 臨临 開开 調调 倉仓 虧亏
裝装 遞递 處处 詢询 諮咨 擔担 諾诺 遲迟 誤误 檔档 車车 輛辆 區区 萬万 億亿 與与 盡尽 稱称 麗丽 紅红
綠绿 藍蓝 黃黄 灣湾 國国 廣广 衛卫 產产 廠厂 網网 線线 訂订 約约 續续 簽签 紙纸 辦办 項项 補补 償偿
賠赔 滿满 贏赢 獎奖 獲获 參参 舉举 氣气 頭头 腦脑 燈灯 櫃柜 櫥橱 鋪铺 墊垫 層层 寬宽 溫温 潔洁 淨净
髒脏 靜静 輕轻 鬆松 軟软 舊旧 廳厅 臥卧 廚厨 視视 聽听 講讲 談谈 認认 識识 記记 憶忆 畢毕 隨随 團团
隊队 勢势 態态 藝艺 術术 條条 標标 籤签 讚赞 評评 責责 負负 攜携 雙双 張张 狀状 況况 據据 極极 較较
幾几 歲岁 屬属 於于 夥伙 貼贴 傳传 統统 織织 紡纺 纖纤 綿绵 絨绒 羅罗 紗纱 針针 鐵铁 鋼钢 鋁铝 銅铜
錶表 襪袜 褲裤 鏡镜 頸颈 腳脚 臉脸 膚肤 髮发 鬍胡 須须 輔辅 導导 啟启 剛刚 該该 備备 廢废 棄弃 掛挂
鎖锁 鑰钥 蓋盖 擺摆 佈布 陳陈 殺杀 囉啰 樂乐 夢梦 幣币 圓圆 匯汇 銀银 轉转 帳账 賬账 稅税 貸贷 憑凭
嚐尝 嘗尝 歷历 曆历 鍋锅 盤盘 壺壶 齊齐 靈灵 蘭兰 嚴严 聲声 響响 競竞 爭争 虛虚 誠诚 懇恳 訴诉 繼继
鍵键 僱雇 謂谓 構构 築筑 礎础 環环 襯衬 簾帘 沒没 嘍喽 誰谁 裡里 裏里 邊边 麵面 飯饭 飲饮 魚鱼 雞鸡
鮮鲜 湯汤 燒烧 煙烟 龍龙 鳥鸟 寶宝 貝贝 嬰婴 兒儿 媽妈 爺爷 親亲 戀恋 婦妇 師师 醫医 藥药 療疗 險险
驚惊 憂忧 慮虑 擬拟 辭辞 職职 勵励 獨独 聰聪 穩稳 堅坚 閃闪 燦灿 爛烂 歸归 遺遗 漸渐 鬧闹 喚唤
難难 檯台 臺台 傢家 牀床 當当 盞盏 測测 檢检 規规 範范 細细 緻致 聖圣 誕诞 賺赚 訊讯 閱阅 閉闭 權权
協协 簡简 純纯 揀拣 緣缘 彈弹 紀纪 錄录 聞闻 悅悦 營营 創创 製制 慣惯 許许 陽阳 陰阴 風风 雲云 戲戏
劇剧 鬥斗 齡龄 鄉乡 縣县 鎮镇
"""

PAIRS = _PAIRS.split()
TRADITIONAL_TO_SIMPLIFIED = str.maketrans({pair[0]: pair[1] for pair in PAIRS})


def simplify(text: str) -> str:
    """``text`` with the traditional characters of the table written in simplified form."""
    return text.translate(TRADITIONAL_TO_SIMPLIFIED)
