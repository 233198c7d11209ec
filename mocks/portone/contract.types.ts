// Generated from mocks/portone/contract.openapi.json by scripts/contracts-generate-types.ts. Do not edit.

export interface paths {
    "/payments/{imp_uid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 결제내역 단건조회 API
         * @description 포트원 거래고유번호로 결제내역을 확인합니다
         */
        get: operations["getPaymentByImpUid"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/payments/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 결제취소 API
         * @description 승인된 결제를 취소합니다.<br>신용카드/실시간계좌이체/휴대폰소액결제의 경우 즉시 취소처리가 이뤄지게 되며,
         *          가상계좌와 휴대폰소액결제 익월 환불(KCP)의 경우는 환불받으실 계좌정보를 같이 전달해주시면 환불정보가 PG사에 등록되어 익영업일에 처리됩니다.
         *          (가상계좌 환불, 휴대폰소액결제 익월 환불(KCP)의 경우 관련 특약계약 필요)
         */
        post: operations["cancelPayment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/payments/prepare": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 결제금액 사전등록 API
         * @description (포트원 javascript사용)인증방식의 결제를 진행할 때 결제금액 위변조시 결제진행자체를 block하기 위해 결제예정금액을 사전등록하는 기능입니다.
         *          * <br>이 API를 통해 사전등록된 고객사 주문번호(merchant_uid)에 대해, IMP.request_pay()에 전달된 merchant_uid가 일치하는 주문의 결제금액이 다른 경우 PG사 결제창 호출이 중단됩니다.
         */
        post: operations["preparePayment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/payments/prepare/{merchant_uid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 결제금액 단건조회 API
         * @description POST 결제금액 사전등록 API 로 이미 등록되어있는 사전등록 결제정보를 조회합니다
         */
        get: operations["getPaymentPrepareByMerchantUid"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/getToken": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * access_token 발급 API
         * @description API키 & API secret으로 access_token을 발급받습니다.<br> access_token의 만료기한은 발행 시간 부터 30분입니다. 만료된 토큰으로 API 요청을 하면 <b>401 Unauthorized </b>응답을 받습니다. <br> <ul><li>재발행 (만료 후 발급): 새로운 access token을 발급한다. (만료기한: 발행시간 후 30분)</li> <li>재사용 (만료 전 발급): 기존 access token을 발급한다. (만료기한: 기존과 동일, 단 기존 만료시간 전 1분이내 요청 시 5분 연장 됨)</li></ul>
         */
        post: operations["getToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AuthAnnotation: {
            /** @description 인증이 필요한 REST API요청에 사용할 access_token */
            access_token: string;
            /** @description token만료시각. UNIX timestamp */
            expired_at: number;
            /** @description 현재시각 UNIX timestamp. token만료시각을 정확히 계산하기 위해 사용 */
            now: number;
        };
        AuthResponse: components["schemas"]["ResponseAnnotation"] & {
            response: components["schemas"]["AuthAnnotation"] | null;
        };
        PaymentAnnotation: {
            /** @description 주문(결제)금액 */
            amount: number;
            /** @description 신용카드 승인번호 */
            apply_num?: string;
            /** @description 은행 표준코드 - (금융결제원기준) */
            bank_code?: string;
            /** @description 은행 명칭 - (실시간계좌이체 결제 건의 경우) */
            bank_name?: string;
            /** @description 주문자 주소 */
            buyer_addr?: string;
            /** @description 주문자 Email주소 */
            buyer_email?: string;
            /** @description 주문자명 */
            buyer_name?: string;
            /** @description 주문자 우편번호 */
            buyer_postcode?: string;
            /** @description 주문자 전화번호 */
            buyer_tel?: string;
            /** @description 결제취소금액 */
            cancel_amount: number;
            /** @description 취소/부분취소 내역 */
            cancel_history?: components["schemas"]["PaymentCancelAnnotation"][];
            /** @description 결제취소 사유 */
            cancel_reason?: string;
            /** @description (Deprecated : cancel_history 사용 권장) 취소/부분취소 시 생성되는 취소 매출전표 확인 URL. 부분취소 횟수만큼 매출전표가 별도로 생성됨 */
            cancel_receipt_urls?: string[];
            /** @description 결제취소시점 UNIX timestamp <br> 결제취소가 아닐 경우 0 */
            cancelled_at?: number;
            /**
             * @description 카드사 코드번호(금융결제원 표준코드번호)
             *          <a href='https://developers.portone.io/opi/ko/support/code-info/card-code?v=v1'>링크보기</a>
             */
            card_code?: string;
            /**
             * @description 결제건의 카드 발급사 코드번호(금융결제원 표준코드번호) - (카드 결제 건의 경우) <br>
             *         발급사 코드 지원 pg사
             *         <ul><li>(신) 토스페이먼츠
             *         </li><li>KSNET
             *         </li><li>페이팔 RT
             *         </li><li>(신) 스마트로
             *         </li><li>(신) 나이스페이먼츠
             *         </li><li>웰컴페이먼츠
             *         </li><li>토스페이먼츠 브랜드페이
             *         </li><li>(신) 토스페이
             */
            card_issuer_code?: string;
            /** @description 결제한 카드의 발급사명으로 발급사 코드를 지원하는 pg사에 한해 제공됩니다. - (카드 결제 건의 경우) */
            card_issuer_name?: string;
            /** @description 카드사명 - (신용카드 결제 건의 경우) */
            card_name?: string;
            /** @description 결제에 사용된 마스킹된 카드번호. 7~12번째 자리를 마스킹하는 것이 일반적이지만, PG사의 정책/설정에 따라 다소 차이가 있을 수 있습니다. */
            card_number?: string;
            /**
             * @description 결제건의 카드 발행사 코드번호(금융결제원 표준코드번호) - (카드 결제 건의 경우) <br>
             *         발행사 코드 지원 pg사
             *         <ul><li>(신) 토스페이먼츠
             *         </li><li>KSNET
             *         </li><li>페이팔 RT
             *         </li><li>(신) 스마트로
             *         </li><li>(신) 나이스페이먼츠
             *         </li><li>웰컴페이먼츠
             *         </li><li>토스페이먼츠 브랜드페이
             *         </li><li>(신) 토스페이
             */
            card_publisher_code?: string;
            /** @description 카드 발행사명으로 발행사 코드를 지원하는 pg사에 한해 제공됩니다. - (카드 결제 건의 경우) */
            card_publisher_name?: string;
            /** @description 할부개월 수(0이면 일시불) */
            card_quota?: number;
            /**
             * @description 카드 구분코드 (주의)해당 정보를 제공하지 않는 일부 PG사의 경우 null 로 응답됨(ex. 이니시스-빌링)
             *          <ul><li> 0 : 신용카드
             *          </li><li> 1 : 체크카드</li></ul>
             */
            card_type?: number;
            /** @description 현금영수증 자동발급 여부 */
            cash_receipt_issued?: boolean;
            /**
             * @description 결제환경 구분코드
             *          <ul><li> pc:(인증방식)PC결제
             *          </li><li> mobile:(인증방식)모바일결제
             *          </li><li> api:정기결제 또는 비인증방식결제</li></ul>
             */
            channel?: string;
            /** @description 통화구분코드 */
            currency: string;
            /** @description 고객사에서 전달한 custom data <br> JSON string으로 전달 */
            custom_data?: string;
            /** @description 해당 결제처리에 사용된 customer_uid */
            customer_uid?: string;
            /**
             * @description customer_uid가 결제처리에 사용된 상세 용도
             *          <ul><li>null:일반결제
             *          </li><li> issue:빌링키 발급
             *          </li><li> payment:결제
             *          </li><li> payment.scheduled:예약결제</li></ul>
             */
            customer_uid_usage?: string;
            /** @description 고정식 무제한 가상계좌 입금 내역 */
            deposit_history?: components["schemas"]["VbankDepositAnnotation"][];
            /** @description 허브형결제 PG사 구분코드 */
            emb_pg_provider?: string;
            /** @description 에스크로결제 여부 */
            escrow?: boolean;
            /** @description 결제실패 사유 */
            fail_reason?: string;
            /** @description 결제실패시점 UNIX timestamp <br> 결제실패가 아닐 경우 0 */
            failed_at?: number;
            /** @description 포트원 거래고유번호 */
            imp_uid: string;
            /** @description 고객사 주문번호 */
            merchant_uid: string;
            /** @description 제품명 */
            name?: string;
            /** @description 결제완료시점 UNIX timestamp <br> 결제완료가 아닐 경우 0 */
            paid_at?: number;
            /**
             * @description 결제수단 구분코드
             *          <ul><li>samsung : 삼성페이
             *          </li><li> card : 신용카드
             *          </li><li>trans : 계좌이체
             *          </li><li> vbank : 가상계좌
             *          </li><li> phone : 휴대폰
             *          </li><li> cultureland : 문화상품권
             *          </li><li> smartculture : 스마트문상
             *          </li><li> booknlife : 도서문화상품권
             *          </li><li> point : 포인트
             *          </li><li> ssgpay : SSGPAY
             *          </li><li> lpay : LPAY
             *          </li><li> payco : 페이코
             *          </li><li> kakaopay : 카카오페이
             *          </li><li> tosspay : 토스
             *          </li><li> naverpay : 네이버페이
             *          </li><li> applepay : 애플페이
             *          </li><li> paypal : 페이팔</li></ul>
             */
            pay_method?: string;
            /** @description PG사 MID */
            pg_id?: string;
            /** @description PG사 구분코드 */
            pg_provider?: string;
            /** @description PG사 거래번호 */
            pg_tid?: string;
            /** @description 프로모션 아이디와 할인된 프로모션 비용을 나타냅니다. */
            promotion?: {
                /**
                 * @description 주문(결제)금액에서 차감된 할인 금액을 나타냅니다.
                 * @example 1000
                 */
                discount?: number;
                /**
                 * @description `promotion-id-`로 시작하며, 프로모션 아이디에 설정된 할인 내용을 적용하여 결제합니다. 비인증 결제 경우 빌링키 발급시 저장된 마스킹된 카드번호를 통해 프로모션 적용 여부가 결정됩니다.
                 * @example promotion-id-66025395-5b2c-4dcc-bc11-c883398a28fb
                 */
                id?: string;
            };
            /** @description 매출전표 확인 URL <br> PG사 또는 결제 수단에 따라 매출전표가 없을 수 있습니다. */
            receipt_url?: string;
            /** @description 결제가 발생한 포트원 채널의 테스트 채널 여부 */
            sandbox: boolean;
            /** @description 결제시작시점 UNIX timestamp */
            started_at?: number;
            /**
             * @description 결제상태
             *          <ul><li>ready:미결제
             *          </li><li>paid:결제완료
             *          </li><li> cancelled:결제취소
             *          </li><li> failed:결제실패</li></ul>
             */
            status: string;
            /** @description 구매자가 결제를 시작한 단말기의 UserAgent 문자열 */
            user_agent?: string;
            /** @description 가상계좌 은행 표준코드 - (금융결제원기준) */
            vbank_code?: string;
            /** @description 입금받을 가상계좌 마감기한 UNIX timestamp */
            vbank_date?: number;
            /** @description 입금받을 가상계좌 예금주 */
            vbank_holder?: string;
            /** @description 가상계좌 생성 시각 UNIX timestamp */
            vbank_issued_at?: number;
            /** @description 입금받을 가상계좌 은행명 */
            vbank_name?: string;
            /** @description 입금받을 가상계좌 계좌번호 */
            vbank_num?: string;
        };
        PaymentCancelAnnotation: {
            /** @description 취소 금액 */
            amount: number;
            /** @description 결제건의 취소 아이디 */
            cancellation_id: string;
            /** @description 결제취소된 시각 UNIX timestamp */
            cancelled_at: number;
            /** @description PG사 승인취소번호 */
            pg_tid: string;
            /** @description 결제취소 사유 */
            reason: string;
            /** @description 취소에 대한 매출전표 확인 URL <br>PG사, 결제 수단에 따라 제공되지 않는 경우도 있음 */
            receipt_url?: string;
        };
        PaymentPrepareAnnotation: {
            /** @description 결제 예정 금액 */
            amount: number;
            /** @description 결제 예정 통화 */
            currency?: string;
            /** @description 고객사 주문번호 */
            merchant_uid: string;
        };
        PaymentPrepareResponse: components["schemas"]["ResponseAnnotation"] & {
            response: components["schemas"]["PaymentPrepareAnnotation"] | null;
        };
        PaymentResponse: components["schemas"]["ResponseAnnotation"] & {
            response: components["schemas"]["PaymentAnnotation"] | null;
        };
        ResponseAnnotation: {
            /** @description 0이면 정상적인 조회, 0아닌 값이면 message를 확인해봐야 합니다 */
            code: number;
            /** @description code값이 0이 아닐 때, '존재하지 않는 결제정보입니다'와 같은 오류 메세지를 포함합니다 */
            message: string | null;
        };
        VbankDepositAnnotation: {
            /** @description 입금건의 거래 금액 */
            amount: number;
            /** @description 입금된 시각 UNIX timestamp */
            deposited_at: number;
            /** @description 가상계좌에 실제 입금한 사람의 이름 */
            depositor_name: string;
            /** @description PG사 승인번호 */
            pg_tid: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getPaymentByImpUid: {
        parameters: {
            query?: {
                /** @description 테스트 채널을 통해 발생한 결제건을 조회 결과에 포함할지 여부 (default: false) */
                include_sandbox?: boolean;
            };
            header?: never;
            path: {
                /** @description 포트원 거래고유번호 */
                imp_uid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 정상 조회 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentResponse"];
                };
            };
            /** @description 인증 Token이 전달되지 않았거나 유효하지 않은 경우 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 유효하지 않은 imp_uid */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    cancelPayment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description (부분)취소요청 금액<br><h5>누락하거나 0을 입력하는 경우 전액 취소 요청합니다.</h5> */
                    amount?: number;
                    /** @description 취소 트랜잭션 수행 전, 현재시점의 취소 가능한 잔액.<br><br>API요청자가 기록하고 있는 취소가능 잔액과 포트원이 기록하고 있는 취소가능 잔액이 일치하는지 사전에 검증하고, 검증에 실패하면 트랜잭션을 수행하지 않습니다. null인 경우에는 검증 프로세스를 생략합니다. */
                    checksum?: number;
                    /** @description 취소 성공 시 고객사로 취소 통보 웹훅을 전송할지 여부 (default: false)<br>본 API를 통한 취소는 기본적으로 고객사로 웹훅을 전송하지 않고 웹훅 전송 내역만 기록합니다.<br>true로 설정한 경우에 한해 고객사 웹훅 설정에 저장된 웹훅 경로로 취소 통보 웹훅을 전송합니다.<br><h5>단, 결제 시 웹훅을 사용한 결제건에 한합니다.</h5> */
                    enable_webhook?: boolean;
                    /**
                     * @description 네이버페이 사용 시 <b> extra.requester </b>를 설정해야합니다.<br>
                     *          <ul><li>customer : 구매자에 의한 요청
                     *          </li><li>admin : (기본값) 관리자에 의한 요청</li></ul>
                     */
                    extra?: unknown[];
                    /** @description 취소할 거래의 포트원 거래고유번호 */
                    imp_uid?: string;
                    /** @description 고객사에서 전달한 거래 고유번호.<br>imp_uid, merchant_uid 중 하나는 필수이어야 합니다.<br>두 값이 모두 넘어오면 imp_uid를 우선 적용합니다. */
                    merchant_uid?: string;
                    /** @description 취소 사유 */
                    reason?: string;
                    /** @description 환불계좌 계좌번호<br>(가상계좌취소, 휴대폰소액결제 익월 환불(KCP)시 필수) */
                    refund_account?: string;
                    /** @description 환불계좌 은행코드<br><a href="https://developers.portone.io/docs/ko/tip/pg-1">링크보기</a><br> 가상계좌취소, 휴대폰소액결제 익월 환불(KCP)시 필수) */
                    refund_bank?: string;
                    /** @description 환불계좌 예금주 <br>(가상계좌취소, 휴대폰소액결제 익월 환불(KCP)시 필수) */
                    refund_holder?: string;
                    /** @description 환불계좌 예금주 연락처<br>(가상계좌, 스마트로 - 구모듈 취소인 경우 필수) */
                    refund_tel?: string;
                    /** @description 프로모션이 적용된 결제일 경우 결제 취소 이후 잔여 금액이 프로모션 정책에 위반되더라도 프로모션을 유지할지에 대한 여부 (default: false) */
                    retain_promotion?: boolean;
                    /** @description (부분)취소요청금액 중 면세금액(누락되면 0원처리)<br><h5>단, 아래 PG사의 경우 자동으로 0원 처리 되지 않으므로 면세 결제에 한하여 필수 입력 바랍니다.</h5><ul><li>kcp</li><li>kcp_quick</li><li>kicc</li><li>nice</li><li>payco</li></ul> */
                    tax_free?: number;
                    /** @description (부분)취소요청금액 중 부가세 금액(기본값: null).<br>단, <b>결제 시 부가세를 지정했던 경우 필수</b> 입력 바랍니다.<br><h5>지원되는 PG사</h5><ul><li>나이스페이먼츠(nice)</li><li>이니시스(html5_inicis)</li><li>웰컴페이먼츠</li><li>(신) 나이스페이먼츠(nice_v2)</li></ul> */
                    vat_amount?: number;
                };
                "application/x-www-form-urlencoded": {
                    /** @description (부분)취소요청 금액<br><h5>누락하거나 0을 입력하는 경우 전액 취소 요청합니다.</h5> */
                    amount?: number;
                    /** @description 취소 트랜잭션 수행 전, 현재시점의 취소 가능한 잔액.<br><br>API요청자가 기록하고 있는 취소가능 잔액과 포트원이 기록하고 있는 취소가능 잔액이 일치하는지 사전에 검증하고, 검증에 실패하면 트랜잭션을 수행하지 않습니다. null인 경우에는 검증 프로세스를 생략합니다. */
                    checksum?: number;
                    /** @description 취소 성공 시 고객사로 취소 통보 웹훅을 전송할지 여부 (default: false)<br>본 API를 통한 취소는 기본적으로 고객사로 웹훅을 전송하지 않고 웹훅 전송 내역만 기록합니다.<br>true로 설정한 경우에 한해 고객사 웹훅 설정에 저장된 웹훅 경로로 취소 통보 웹훅을 전송합니다.<br><h5>단, 결제 시 웹훅을 사용한 결제건에 한합니다.</h5> */
                    enable_webhook?: boolean;
                    /**
                     * @description 네이버페이 사용 시 <b> extra.requester </b>를 설정해야합니다.<br>
                     *          <ul><li>customer : 구매자에 의한 요청
                     *          </li><li>admin : (기본값) 관리자에 의한 요청</li></ul>
                     */
                    extra?: unknown[];
                    /** @description 취소할 거래의 포트원 거래고유번호 */
                    imp_uid?: string;
                    /** @description 고객사에서 전달한 거래 고유번호.<br>imp_uid, merchant_uid 중 하나는 필수이어야 합니다.<br>두 값이 모두 넘어오면 imp_uid를 우선 적용합니다. */
                    merchant_uid?: string;
                    /** @description 취소 사유 */
                    reason?: string;
                    /** @description 환불계좌 계좌번호<br>(가상계좌취소, 휴대폰소액결제 익월 환불(KCP)시 필수) */
                    refund_account?: string;
                    /** @description 환불계좌 은행코드<br><a href="https://developers.portone.io/docs/ko/tip/pg-1">링크보기</a><br> 가상계좌취소, 휴대폰소액결제 익월 환불(KCP)시 필수) */
                    refund_bank?: string;
                    /** @description 환불계좌 예금주 <br>(가상계좌취소, 휴대폰소액결제 익월 환불(KCP)시 필수) */
                    refund_holder?: string;
                    /** @description 환불계좌 예금주 연락처<br>(가상계좌, 스마트로 - 구모듈 취소인 경우 필수) */
                    refund_tel?: string;
                    /** @description 프로모션이 적용된 결제일 경우 결제 취소 이후 잔여 금액이 프로모션 정책에 위반되더라도 프로모션을 유지할지에 대한 여부 (default: false) */
                    retain_promotion?: boolean;
                    /** @description (부분)취소요청금액 중 면세금액(누락되면 0원처리)<br><h5>단, 아래 PG사의 경우 자동으로 0원 처리 되지 않으므로 면세 결제에 한하여 필수 입력 바랍니다.</h5><ul><li>kcp</li><li>kcp_quick</li><li>kicc</li><li>nice</li><li>payco</li></ul> */
                    tax_free?: number;
                    /** @description (부분)취소요청금액 중 부가세 금액(기본값: null).<br>단, <b>결제 시 부가세를 지정했던 경우 필수</b> 입력 바랍니다.<br><h5>지원되는 PG사</h5><ul><li>나이스페이먼츠(nice)</li><li>이니시스(html5_inicis)</li><li>웰컴페이먼츠</li><li>(신) 나이스페이먼츠(nice_v2)</li></ul> */
                    vat_amount?: number;
                };
            };
        };
        responses: {
            /** @description 정상 조회 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentResponse"];
                };
            };
            /** @description 인증 Token이 전달되지 않았거나 유효하지 않은 경우 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    preparePayment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description 결제예정금액 */
                    amount: number;
                    /** @description 결제예정통화.(ex. KRW, USD, JPY) null일 경우 통화 검증을 하지 않습니다. (default=null) */
                    currency?: string;
                    /** @description 고객사 주문번호 */
                    merchant_uid: string;
                };
                "application/x-www-form-urlencoded": {
                    /** @description 결제예정금액 */
                    amount: number;
                    /** @description 결제예정통화.(ex. KRW, USD, JPY) null일 경우 통화 검증을 하지 않습니다. (default=null) */
                    currency?: string;
                    /** @description 고객사 주문번호 */
                    merchant_uid: string;
                };
            };
        };
        responses: {
            /** @description 정상 조회 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentPrepareResponse"];
                };
            };
            /** @description 인증 Token이 전달되지 않았거나 유효하지 않은 경우 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getPaymentPrepareByMerchantUid: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 고객사 주문번호 */
                merchant_uid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 정상 조회 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentPrepareResponse"];
                };
            };
            /** @description 인증 Token이 전달되지 않았거나 유효하지 않은 경우 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description REST API key (포트원 관리자콘솔 내 [결제 연동] > [식별코드・API Keys] > [V1 API]에서 확인할 수 있습니다. : https://admin.portone.io) */
                    imp_key: string;
                    /** @description REST API Secret (포트원 관리자콘솔 내 [결제 연동] > [식별코드・API Keys] > [V1 API]에서 확인할 수 있습니다. : https://admin.portone.io) */
                    imp_secret: string;
                };
                "application/x-www-form-urlencoded": {
                    /** @description REST API key (포트원 관리자콘솔 내 [결제 연동] > [식별코드・API Keys] > [V1 API]에서 확인할 수 있습니다. : https://admin.portone.io) */
                    imp_key: string;
                    /** @description REST API Secret (포트원 관리자콘솔 내 [결제 연동] > [식별코드・API Keys] > [V1 API]에서 확인할 수 있습니다. : https://admin.portone.io) */
                    imp_secret: string;
                };
            };
        };
        responses: {
            /** @description 정상적으로 access_token을 받아왔습니다 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthResponse"];
                };
            };
            /** @description imp_key, imp_secret 인증에 실패한 경우 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
