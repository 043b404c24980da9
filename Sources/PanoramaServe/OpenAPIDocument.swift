/// The API's description, served at `/openapi.yaml`.
enum OpenAPIDocument {
    static let text = """
        openapi: 3.1.0
        info:
          title: Panorama dashboard API
          version: 0.1.0
          description: >
            The data of the dashboard's pages as JSON: the overview, customers (by pseudonym;
            looked up by number), the territory tree with each node's figures, and the grid
            manager's task list. Customers are never named by number in responses.
        paths:
          /api/overview:
            get:
              summary: Totals, value mix, top tags, product penetration and churn by month.
              responses:
                '200': {description: The overview., content: {application/json: {schema: {$ref: '#/components/schemas/Overview'}}}}
          /api/customers:
            get:
              summary: Look a customer up by number.
              parameters:
                - {name: number, in: query, required: true, schema: {type: string, pattern: '^\\\\+?[0-9]{5,20}$'}}
              responses:
                '200': {description: The customer., content: {application/json: {schema: {$ref: '#/components/schemas/Customer'}}}}
                '400': {$ref: '#/components/responses/BadRequest'}
                '404': {$ref: '#/components/responses/NotFound'}
          /api/customers/{pseudonym}:
            get:
              summary: A customer's value, lifecycle, risks, key moments and panorama.
              parameters:
                - {name: pseudonym, in: path, required: true, schema: {type: string}}
              responses:
                '200': {description: The customer., content: {application/json: {schema: {$ref: '#/components/schemas/Customer'}}}}
                '404': {$ref: '#/components/responses/NotFound'}
          /api/territory:
            get:
              summary: The branches with their figures.
              responses:
                '200': {description: The branches., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Node'}}}}}
          /api/territory/{path}:
            get:
              summary: A node of the territory (branch, center, area or store) by its path, such as BR-1/MC-1.
              parameters:
                - {name: path, in: path, required: true, schema: {type: string, maxLength: 200}}
              responses:
                '200': {description: The node with its children ranked and, for a store, its kind, regulars and top tags., content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}
                '400': {$ref: '#/components/responses/BadRequest'}
                '404': {$ref: '#/components/responses/NotFound'}
          /api/tasks:
            get:
              summary: Key moments of the last days in a territory, highest value first, one page at a time.
              parameters:
                - {name: region, in: query, schema: {type: string}}
                - {name: days, in: query, schema: {type: integer, minimum: 1, maximum: 90, default: 7}}
                - {name: offset, in: query, schema: {type: integer, minimum: 0, default: 0}}
                - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 500, default: 50}}
              responses:
                '200': {description: A page of tasks., content: {application/json: {schema: {$ref: '#/components/schemas/TaskPage'}}}}
                '400': {$ref: '#/components/responses/BadRequest'}
        components:
          responses:
            BadRequest: {description: A parameter is malformed., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
            NotFound: {description: No such customer, node or endpoint., content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          schemas:
            Error:
              type: object
              required: [status, message]
              properties: {status: {type: integer}, message: {type: string}}
            Share:
              type: object
              properties: {name: {type: string}, customers: {type: integer}, share: {type: number}}
            Overview:
              type: object
              properties:
                workspace: {type: string}
                customers: {type: integer}
                activeCustomers: {type: integer}
                valueMonth: {type: string}
                valueMix: {type: array, items: {$ref: '#/components/schemas/Share'}}
                topTags: {type: object, additionalProperties: {type: array, items: {$ref: '#/components/schemas/Share'}}}
                productPenetration: {type: array, items: {$ref: '#/components/schemas/Share'}}
                churnTrend: {type: array, items: {type: object, properties: {month: {type: string}, active: {type: integer}, departures: {type: integer}, rate: {type: number}}}}
                gaps: {type: array, items: {type: string}}
            Customer:
              type: object
              properties:
                pseudonym: {type: string}
                masked: {type: string}
                value: {type: object, description: 'Tier, ARPU band, consumption, adoption segment, lifecycle stage (docs/value-and-risk.md).'}
                play: {type: object, properties: {situation: {type: string}, actions: {type: array, items: {type: string}}}}
                contact: {type: object, properties: {frequency: {type: string}, channels: {type: array, items: {type: string}}, content: {type: string}}}
                risk: {type: object, description: 'Churn and downgrade scores, warnings and reasons.'}
                moments: {type: array, items: {type: object, properties: {time: {type: string}, kind: {type: string}, evidence: {type: string}, action: {type: string}}}}
                panorama:
                  type: object
                  description: 'Anchors, tags by dimension with evidence, stores and the typical day (as `panorama profile --json`).'
                  properties:
                    typicalDay:
                      type: object
                      properties:
                        weekdaysObserved: {type: integer}
                        weekendDaysObserved: {type: integer}
                        weekday: {type: array, items: {$ref: '#/components/schemas/Hours'}}
                        weekend: {type: array, items: {$ref: '#/components/schemas/Hours'}}
            Hours:
              type: object
              description: A stretch of a typical day at one site, with the days it held of the days seen.
              properties:
                from: {type: integer, description: 'first hour, 0-23'}
                to: {type: integer, description: 'the hour after the last, 1-24'}
                cell: {type: string}
                anchor: {type: string, enum: [home, work]}
                near: {type: array, items: {type: string}}
                days: {type: integer}
                seen: {type: integer}
                share: {type: number}
            Node:
              type: object
              properties:
                id: {type: string}
                name: {type: string}
                level: {type: string, enum: [branch, center, area, store]}
                path: {type: string}
                figures:
                  type: object
                  properties:
                    customers: {type: integer}
                    present: {type: integer}
                    averageARPU: {type: number}
                    revenue: {type: number}
                    revenueGrowth: {type: number}
                    churnRate: {type: number}
                    valueMix: {type: object, additionalProperties: {type: integer}}
                    productPenetration: {type: object, additionalProperties: {type: number}, description: 'Share of the customers holding each product.'}
                    productActivity: {type: object, additionalProperties: {type: number}, description: 'Share of the customers'' days in the last month on which each product was used.'}
                    openMoments: {type: integer}
                children: {type: array, items: {type: object, properties: {id: {type: string}, name: {type: string}, level: {type: string}, path: {type: string}, customers: {type: integer}, averageARPU: {type: number}, churnRate: {type: number}}}}
                store: {type: object, description: 'For a store: its kind from the places around, the places by district, its regulars and top tags.'}
            TaskPage:
              type: object
              properties:
                items: {type: array, items: {type: object, properties: {pseudonym: {type: string}, masked: {type: string}, tier: {type: string}, spend: {type: number}, time: {type: string}, kind: {type: string}, evidence: {type: string}, action: {type: string}}}}
                total: {type: integer}
                offset: {type: integer}
                limit: {type: integer}
        """
}
